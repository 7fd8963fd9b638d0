import Foundation
import GantryEngine
import GantryStore

/// The `--json` document of a deployment-like verb, and its exit status.
enum RunOutput {
    /// Prints the result (one JSON document with --json; why it did not succeed on stderr
    /// otherwise, said once) and ends the verb with its exit status.
    static func finish(_ result: Engine.RunResult, context: CommandContext) throws -> Never {
        if context.global.json || context.jsonLines {
            Terminal.out(try JSONOutput.encode(context.jsonLines ? JSONLines.result(Documents.run(result)) : Documents.run(result)))
        } else if result.outcome != .succeeded {
            Terminal.error("gantry: " + result.message)
        }
        throw CLIError.exit(ExitStatus(result.outcome, signal: result.signal))
    }
}
