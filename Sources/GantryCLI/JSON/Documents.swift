import Foundation
import GantryEngine
import GantryGates
import GantryShell
import GantryStore

/// The objects every `--json` document is made of, one vocabulary for every verb.
///
/// The same names mean the same thing everywhere: `artifact` is an artifact's tag, `status` how
/// something stands or ended, `started_at`/`finished_at` ISO-8601 instants with an offset, `host`
/// a host's name in the pipeline, `step` a step's name. docs/json.md shows each with an example.
enum Documents {
    /// A deployment.
    static func deployment(_ deployment: Deployment) -> JSONValue {
        .object([
            "id": .int(deployment.id),
            "pipeline": .string(deployment.pipeline),
            "environment": .string(deployment.environment),
            "artifact": .string(deployment.artifactTag),
            "digest": .text(deployment.digest),
            "commit": .string(deployment.commit),
            "kind": .string(deployment.kind.rawValue),
            "status": .string(deployment.status.rawValue),
            "actor": .string(deployment.actor),
            "trigger": .string(deployment.trigger.rawValue),
            "started_at": .time(deployment.startedAt),
            "finished_at": .time(deployment.finishedAt),
            "previous_artifact": .text(deployment.previousTag),
            "override_reason": .text(deployment.overrideReason),
            "hosts": .strings(deployment.hosts),
            "partial": .bool(deployment.isPartial),
            "step": .text(deployment.step),
            "message": .text(deployment.message),
        ])
    }

    /// One stored attempt of one step on one host (`gantry logs`).
    static func step(_ result: StepResult) -> JSONValue {
        .object([
            "host": .string(result.host),
            "step": .string(result.step),
            "attempt": .number(result.attempt),
            "status": .string(result.outcome),
            "exit_status": .number(result.exitStatus),
            "started_at": .time(result.startedAt),
            "finished_at": .time(result.finishedAt),
            "output": .string(result.output),
        ])
    }

    /// How one step ended on one host in a run that just finished.
    static func step(_ outcome: StepOutcome) -> JSONValue {
        .object([
            "host": .string(outcome.host),
            "step": .string(outcome.recordedName),
            "attempt": .number(outcome.attempt),
            "attempts": .number(outcome.attempts),
            "status": .string(outcome.status.rawValue),
            "exit_status": .number(outcome.exitStatus),
            "note": .text(outcome.note),
            "started_at": .time(outcome.startedAt),
            "finished_at": .time(outcome.finishedAt),
        ])
    }

    /// A gate's verdict.
    static func gate(_ result: GateResult) -> JSONValue {
        .object([
            "gate": .string(result.gate.rawValue),
            "status": .string(result.state.rawValue),
            "reason": .string(result.reason),
            "unblock": .text(result.unblock),
        ])
    }

    /// A promotion request, with its approvals when known.
    static func request(_ request: PromotionRequest, approvedBy: [String]? = nil, missing: Int? = nil,
                        mayApprove: String? = nil, superseded: String? = nil) -> JSONValue {
        .object([
            "id": .int(request.id),
            "pipeline": .string(request.pipeline),
            "environment": .string(request.environment),
            "artifact": .string(request.artifactTag),
            "digest": .text(request.digest),
            "requester": .string(request.requester),
            "status": .string(superseded == nil ? request.state.rawValue : "superseded"),
            "superseded_reason": .text(superseded),
            "created_at": .time(request.createdAt),
            "approved_by": .strings(approvedBy ?? []),
            "missing": .number(missing),
            "may_approve": .text(mayApprove),
            "closed_by": .text(request.closedBy),
            "closed_at": .time(request.closedAt),
            "comment": .text(request.comment),
            "deployment": .number(request.deploymentID),
        ])
    }

    /// A window's state now, SPEC's fields.
    static func window(_ report: WindowReport?) -> JSONValue {
        guard let report else { return .null }
        return .object(["open": .bool(report.open), "reason": .string(report.reason),
                        "opens_at": .text(report.opensAt), "closes_at": .text(report.closesAt)])
    }

    /// An error under `--json`: what happened and the exit code it ends with.
    static func error(_ message: String, status: ExitStatus) -> JSONValue {
        let severity: String = switch status {
        case .failed: "failed"
        case .usage: "usage"
        case .refused: "refused"
        case .infrastructure: "infrastructure"
        case .interrupted, .terminated: "interrupted"
        case .success: "none"
        }
        return .object(["error": .object(["message": .string(message), "exit_code": .int(Int64(status.rawValue)),
                                          "severity": .string(severity)])])
    }
}
