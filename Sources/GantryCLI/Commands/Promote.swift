import ArgumentParser

/// `gantry promote`: Promote an artifact through every gate.
struct Promote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Promote an artifact through every gate.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment to promote into.") var environment: String
    @Option(help: ArgumentHelp("Artifact tag (default: what the from environment runs now).", valueName: "tag"))
    var artifact: String?
    @Flag(help: "Break-glass: ignore a closed window (needs --reason; recorded in the audit log).")
    var overrideWindow = false
    @Option(help: "Why the window is overridden.") var reason: String?
    @Option(help: ArgumentHelp("How long to wait for the environment lock (e.g. 30s).", valueName: "duration"))
    var lockWait: String?

    func run() async throws {
        throw CLIError.notAvailable(verb: "promote")
    }
}
