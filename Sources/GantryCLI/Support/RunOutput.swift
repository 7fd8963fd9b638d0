import Foundation
import GantryEngine
import GantryStore

/// The `--json` document of a deployment-like verb, and its exit status.
struct RunOutput: Encodable {
    struct Host: Encodable {
        var host: String
        var state: String
    }

    struct Step: Encodable {
        var host: String
        var step: String
        var status: String
        var attempts: Int
        var exit_status: Int32?
        var note: String?
    }

    var outcome: String
    var message: String
    var gates: [GateResult]
    var deployment: Deployment?
    var request_id: Int64?
    var hosts: [Host]
    var steps: [Step]

    init(_ result: Engine.RunResult) {
        outcome = result.outcome.rawValue
        message = result.message
        gates = result.gates.results
        deployment = result.deployment
        request_id = result.request?.id
        hosts = result.report?.hostStates.map { Host(host: $0.host, state: $0.state.rawValue) } ?? []
        steps = ((result.report?.outcomes ?? []) + (result.report?.rollbackOutcomes ?? [])).map {
            Step(host: $0.host, step: $0.step, status: $0.status.rawValue, attempts: $0.attempts,
                 exit_status: $0.exitStatus, note: $0.note)
        }
    }

    /// Prints the result (one JSON document with --json; a summary otherwise) and ends the verb.
    static func finish(_ result: Engine.RunResult, context: CommandContext) throws -> Never {
        if context.global.json {
            Terminal.out(try JSONOutput.encode(RunOutput(result)))
        } else if result.outcome == .blocked {
            Terminal.error("gantry: " + result.message)
        } else if result.outcome != .succeeded {
            Terminal.error("gantry: " + result.message)
        }
        throw CLIError.exit(ExitStatus(result.outcome, signal: result.signal))
    }
}
