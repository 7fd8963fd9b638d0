import ArgumentParser

/// `gantry exec`: Run an ad-hoc command on every host of an environment (audited).
struct Exec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run an ad-hoc command on every host of an environment (audited).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment.") var environment: String
    @Argument(parsing: .postTerminator, help: "The command, after --.") var command: [String] = []

    func run() async throws {
        throw CLIError.notAvailable(verb: "exec")
    }
}
