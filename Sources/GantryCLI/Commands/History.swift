import ArgumentParser

/// `gantry history`: Deployments of a pipeline, newest first.
struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Deployments of a pipeline, newest first.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment (default: all).") var environment: String?

    func run() async throws {
        throw CLIError.notAvailable(verb: "history")
    }
}
