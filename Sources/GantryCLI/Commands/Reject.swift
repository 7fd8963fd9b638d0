import ArgumentParser

/// `gantry reject`: Reject (close) a promotion request.
struct Reject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject (close) a promotion request.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment of the promotion request.") var environment: String
    @Option(help: ArgumentHelp("Artifact tag being rejected.", valueName: "tag")) var artifact: String
    @Option(help: "Why the request is rejected.") var comment: String

    func run() async throws {
        throw CLIError.notAvailable(verb: "reject")
    }
}
