import ArgumentParser
import GantryEngine

/// `gantry reject`: close an open promotion request (by its requester or an approver).
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
        let context = CommandContext(global)
        let loaded = try context.pipeline(named: pipeline)
        let request = try context.engine().reject(loaded, environment: environment, artifact: artifact, comment: comment)
        if global.json {
            Terminal.out(try JSONOutput.encode(JSONValue.object([
                "outcome": "rejected", "message": .string("promotion request #\(request.id) rejected"),
                "request": Documents.request(request),
            ])))
        } else {
            Terminal.out("promotion request #\(request.id) for \(artifact) to \(environment) rejected: \(comment)")
        }
    }
}
