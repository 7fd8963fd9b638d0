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
            let artifact = result.artifact
            Terminal.out(try JSONOutput.encode(JSONValue.object([
                "outcome": .string(result.outcome.rawValue), "message": .string(result.message),
                "pipeline": .string(artifact.pipeline), "artifact": .string(artifact.tag), "commit": .string(artifact.commit),
                "digest": .text(artifact.digest), "file": .text(artifact.filePath),
                "built_by": .string(artifact.builtBy), "built_at": .time(artifact.builtAt),
            ])))
        } else {
            Terminal.out(result.message)
        }
    }
}
