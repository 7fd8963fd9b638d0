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
    @OptionGroup var flags: RunFlags

    func run() async throws {
        let context = CommandContext(global, jsonLines: flags.targets.jsonLines)
        let options = try flags.runOptions()
        let loaded = try context.pipeline(named: pipeline)
        let result = try await context.engine(trapSignals: true).rollback(loaded, environment: environment, to: to, options: options)
        try RunOutput.finish(result, context: context)
    }
}
