import ArgumentParser

/// `gantry build`: Build and record the artifact for a commit.
struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build and record the artifact for a commit.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Option(help: ArgumentHelp("Commit, branch or tag to build (default: HEAD).", valueName: "ref")) var ref: String?

    func run() async throws {
        throw CLIError.notAvailable(verb: "build")
    }
}
