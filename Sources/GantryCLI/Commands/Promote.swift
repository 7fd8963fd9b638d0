import ArgumentParser
import GantryEngine

/// `gantry promote`: move the artifact `from` runs (or `--artifact`) into an environment.
struct Promote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Promote an artifact through every gate.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Target environment.") var environment: String
    @Option(help: ArgumentHelp("Artifact tag (default: what the from: environment runs now).", valueName: "tag"))
    var artifact: String?
    @Flag(help: "Break-glass: ignore a closed window or freeze (needs --reason; approvals still apply).")
    var overrideWindow = false
    @Option(help: "Why the window is overridden.") var reason: String?
    @Option(help: ArgumentHelp("How long to wait for the environment lock (e.g. 30s).", valueName: "duration"))
    var lockWait: String?

    func run() async throws {
        let context = CommandContext(global)
        let options = Engine.RunOptions(
            overrideReason: try CommandContext.overrideReason(overrideWindow, reason: reason),
            lockWait: try CommandContext.seconds(lockWait, flag: "--lock-wait") ?? 0)
        let loaded = try context.pipeline(named: pipeline)
        let result = try await context.engine().promote(loaded, to: environment, artifact: artifact, options: options)
        try RunOutput.finish(result, context: context)
    }
}
