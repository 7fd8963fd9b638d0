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
    @OptionGroup var flags: RunFlags

    func run() async throws {
        let context = CommandContext(global, jsonLines: flags.targets.jsonLines)
        let options = try flags.runOptions()
        let loaded = try context.pipeline(named: pipeline)
        let result = try await context.engine(trapSignals: true).promote(loaded, to: environment, artifact: artifact, options: options)
        try RunOutput.finish(result, context: context)
    }
}
