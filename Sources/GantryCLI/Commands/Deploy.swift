import ArgumentParser

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
    @Flag(help: "Break-glass: ignore a closed window (needs --reason; recorded in the audit log).")
    var overrideWindow = false
    @Option(help: "Why the window is overridden.") var reason: String?
    @Option(help: ArgumentHelp("How long to wait for the environment lock (e.g. 30s).", valueName: "duration"))
    var lockWait: String?

    func run() async throws {
        throw CLIError.notAvailable(verb: "deploy")
    }
}
