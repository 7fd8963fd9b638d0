import ArgumentParser
import GantryEngine
import GantryStore

/// `gantry build`: Build and record the artifact for a commit.
struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build and record the artifact for a commit.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Option(help: ArgumentHelp("Commit, branch or tag to build (default: HEAD).", valueName: "ref")) var ref: String?

    func run() async throws {
        let context = CommandContext(global)
        let loaded = try context.pipeline(named: pipeline)
        let result = try await context.engine().build(loaded, ref: ref)
        if global.json {
            struct Output: Encodable { var outcome: String; var message: String; var artifact: Artifact }
            Terminal.out(try JSONOutput.encode(Output(outcome: result.outcome.rawValue, message: result.message,
                                                      artifact: result.artifact)))
        } else {
            Terminal.out(result.message)
        }
    }
}
