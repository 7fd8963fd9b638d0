import ArgumentParser
import GantryEngine

/// `gantry rollback`: deploy the previous successful artifact of an environment again.
struct Rollback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Deploy the previous successful artifact again.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment.") var environment: String
    @Option(help: ArgumentHelp("An artifact that succeeded in the environment before.", valueName: "tag")) var to: String?
    @Flag(help: "Break-glass: ignore a closed window or freeze (needs --reason).") var overrideWindow = false
    @Option(help: "Why the window is overridden.") var reason: String?
    @Option(help: ArgumentHelp("How long to wait for the environment lock (e.g. 30s).", valueName: "duration"))
    var lockWait: String?

    func run() async throws {
        let context = CommandContext(global)
        let options = Engine.RunOptions(
            overrideReason: try CommandContext.overrideReason(overrideWindow, reason: reason),
            lockWait: try CommandContext.seconds(lockWait, flag: "--lock-wait") ?? 0)
        let loaded = try context.pipeline(named: pipeline)
        let result = try await context.engine().rollback(loaded, environment: environment, to: to, options: options)
        try RunOutput.finish(result, context: context)
    }
}
