import ArgumentParser

/// `gantry rollback`: Deploy the previous successful artifact again.
struct Rollback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Deploy the previous successful artifact again.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment to roll back.") var environment: String
    @Option(help: ArgumentHelp("Artifact tag to return to (default: the previous successful one).", valueName: "tag"))
    var to: String?
    @Flag(help: "Break-glass: ignore a closed window (needs --reason; recorded in the audit log).")
    var overrideWindow = false
    @Option(help: "Why the window is overridden.") var reason: String?
    @Option(help: ArgumentHelp("How long to wait for the environment lock (e.g. 30s).", valueName: "duration"))
    var lockWait: String?

    func run() async throws {
        throw CLIError.notAvailable(verb: "rollback")
    }
}
