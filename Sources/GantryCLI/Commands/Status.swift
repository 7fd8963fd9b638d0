import ArgumentParser

/// `gantry status`: What runs where, pending approvals and window state.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What runs where, pending approvals and window state.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name (default: all).") var pipeline: String?

    func run() async throws {
        throw CLIError.notAvailable(verb: "status")
    }
}
