import Foundation
import GantryEngine
import GantryStore

/// The `--json` document of a deployment-like verb, and its exit status.
enum RunOutput {
    /// `{outcome, message, deployment, request, gates, hosts, steps}`.
    static func document(_ result: Engine.RunResult) -> JSONValue {
        .object([
            "outcome": .string(result.outcome.rawValue),
            "message": .string(result.message),
            "deployment": result.deployment.map(Documents.deployment) ?? .null,
            "request": result.request.map { Documents.request($0) } ?? .null,
            "gates": .array(result.gates.results.map(Documents.gate)),
            "hosts": .array((result.report?.hostStates ?? []).map {
                .object(["host": .string($0.host), "status": .string($0.state.rawValue)])
            }),
            "steps": .array(((result.report?.outcomes ?? []) + (result.report?.rollbackOutcomes ?? [])).map(Documents.step)),
        ])
    }

    /// Prints the result (one JSON document with --json; why it did not succeed on stderr
    /// otherwise, said once) and ends the verb with its exit status.
    static func finish(_ result: Engine.RunResult, context: CommandContext) throws -> Never {
        if context.global.json || context.jsonLines {
            Terminal.out(try JSONOutput.encode(context.jsonLines ? JSONLines.result(document(result)) : document(result)))
        } else if result.outcome != .succeeded {
            Terminal.error("gantry: " + result.message)
        }
        throw CLIError.exit(ExitStatus(result.outcome, signal: result.signal))
    }
}
