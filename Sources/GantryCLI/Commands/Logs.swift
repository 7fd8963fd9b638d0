import ArgumentParser

/// `gantry logs`: The recorded output of one deployment.
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "The recorded output of one deployment.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Deployment id.") var deploymentID: String

    func run() async throws {
        throw CLIError.notAvailable(verb: "logs")
    }
}
