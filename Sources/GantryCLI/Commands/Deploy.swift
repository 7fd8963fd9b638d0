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
    @OptionGroup var flags: RunFlags

    func run() async throws {
        let context = CommandContext(global, jsonLines: flags.targets.jsonLines)
        let options = try flags.runOptions()
        let loaded = try context.pipeline(named: pipeline)
        let engine = try context.engine(trapSignals: true)
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
