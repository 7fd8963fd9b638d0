import Foundation
import GantryStore

extension Documents {
    /// One `--json-lines` event; nil for none.
    public static func event(_ event: EngineEvent) -> JSONValue? {
        switch event {
        case let .note(text):
            return .object(["event": "note", "message": .string(text)])
        case let .gates(report):
            return .object(["event": "gates", "gates": .array(report.results.map(Documents.gate))])
        case let .deploymentStarted(deployment, hosts, steps):
            return .object(["event": "deployment_started", "deployment": Documents.deployment(deployment),
                            "hosts": .strings(hosts), "steps": .strings(steps)])
        case let .deploymentFinished(deployment):
            return .object(["event": "deployment_finished", "deployment": Documents.deployment(deployment)])
        case let .rollout(rollout):
            return rolloutEvent(rollout)
        }
    }

    private static func rolloutEvent(_ event: RolloutEvent) -> JSONValue {
        switch event {
        case let .preflight(results):
            return .object(["event": "preflight", "hosts": .array(results.map { result in
                .object(["host": .string(result.host), "status": .string(result.reachable ? "reachable" : "unreachable"),
                         "cause": .text(result.failure?.cause), "reason": .text(result.failure?.reason)])
            })])
        case let .batchStarted(index, total, hosts):
            return .object(["event": "batch_started", "batch": .number(index), "batches": .number(total), "hosts": .strings(hosts)])
        case let .stepStarted(host, step, rollback, attempt, total):
            return .object(["event": "step_started", "host": .string(host), "step": .string(rollback ? "rollback: \(step)" : step),
                            "attempt": .number(attempt), "attempts": .number(total)])
        case let .output(host, channel, line):
            return .object(["event": "output", "host": .string(host), "stream": .string(channel.rawValue), "line": .string(line)])
        case let .attemptFinished(outcome, retryIn):
            guard case var .object(fields) = Documents.step(outcome) else { return .null }
            fields["event"] = "attempt_finished"
            fields["retry_in"] = retryIn.map { .double($0) } ?? .null
            return .object(fields)
        case let .stepFinished(outcome):
            guard case var .object(fields) = Documents.step(outcome) else { return .null }
            fields["event"] = "step_finished"
            return .object(fields)
        case let .rollbackStarted(hosts):
            return .object(["event": "rollback_started", "hosts": .strings(hosts)])
        }
    }
}
