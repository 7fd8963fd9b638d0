import ArgumentParser
import GantryEngine

/// `gantry notify test`: one test notification to each target, and what each answered.
struct NotifyTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send one test notification to each notify target of a pipeline.",
        discussion: """
            Without --environment each declared target is tried once (the pipeline's with the first environment's secrets).
            Exit 0 when every target answered 2xx, 1 when one refused it, 2 when a secret of its URL is missing, 4 when one
            could not be reached.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Option(help: ArgumentHelp("Only the targets of this environment, with its secrets.", valueName: "env"))
    var environment: String?

    func run() async throws {
        let context = CommandContext(global)
        let loaded = try context.pipeline(named: pipeline)
        let attempts = try await context.engine().sendTestNotifications(loaded, environment: environment)
        let status = ExitStatus.combined(attempts.compactMap(\.severity).map(ExitStatus.init))
        if global.json {
            Terminal.out(try JSONOutput.encode(JSONValue.object([
                "outcome": .string(status == .success ? "delivered" : "failed"),
                "notifications": .array(attempts.map(Documents.delivery)),
            ])))
        } else {
            for attempt in attempts { Terminal.out(attempt.description) }
        }
        if status != .success { throw CLIError.exit(status) }
    }
}
