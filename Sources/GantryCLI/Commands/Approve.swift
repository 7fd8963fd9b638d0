import ArgumentParser

/// `gantry approve`: Approve a promotion request.
struct Approve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a promotion request.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment of the promotion request.") var environment: String
    @Option(help: ArgumentHelp("Artifact tag being approved.", valueName: "tag")) var artifact: String
    @Option(help: "A comment recorded with the approval.") var comment: String?
    @Flag(help: "Do not ask for confirmation.") var yes = false
    @Flag(help: "Run the promotion when this approval completes the quorum.") var run = false

    func run() async throws {
        throw CLIError.notAvailable(verb: "approve")
    }
}
