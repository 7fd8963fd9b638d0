import ArgumentParser

/// `gantry parity`: Compare two environments: artifact, configuration keys, migrations, facts.
struct Parity: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parity",
        abstract: "Compare two environments: artifact, configuration keys, migrations, facts.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "First environment.") var environmentA: String
    @Argument(help: "Second environment.") var environmentB: String

    func run() async throws {
        throw CLIError.notAvailable(verb: "parity")
    }
}
