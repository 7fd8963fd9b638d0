import ArgumentParser
import GantryEngine

/// `gantry deploy`: Deploy an artifact to an entry environment.
struct Deploy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Deploy an artifact to an entry environment.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Entry environment (one without from:).") var environment: String
    @Option(help: ArgumentHelp("Artifact tag (required unless --config-only).", valueName: "tag")) var artifact: String?
    @Flag(help: "Render and upload the file: steps only, for the artifact running there.") var configOnly = false
    @Flag(help: "Break-glass: ignore a closed window (needs --reason; recorded in the audit log).")
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
        let engine = try context.engine()
        let result: Engine.RunResult
        if configOnly {
            if artifact != nil { throw CLIError.usage("gantry: error: --config-only uses the artifact running there; drop --artifact") }
            result = try await engine.configOnly(loaded, environment: environment, options: options)
        } else {
            guard let artifact else {
                throw CLIError.usage("gantry: error: deploy needs --artifact TAG (or --config-only)")
            }
            result = try await engine.deploy(loaded, to: environment, artifact: artifact, options: options)
        }
        try RunOutput.finish(result, context: context)
    }
}
