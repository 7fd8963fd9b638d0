import ArgumentParser

/// `gantry verify`: Check every host of an environment against its record.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every host of an environment against its record.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment.") var environment: String

    func run() async throws {
        throw CLIError.notAvailable(verb: "verify")
    }
}
