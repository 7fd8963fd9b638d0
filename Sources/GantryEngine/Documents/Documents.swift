import Foundation
import GantryModel
import GantryGates
import GantryShell
import GantryStore

/// The objects every `--json` document is made of, one vocabulary for every verb.
///
/// The same names mean the same thing everywhere: `artifact` is an artifact's tag, `status` how
/// something stands or ended, `started_at`/`finished_at` ISO-8601 instants with an offset, `host`
/// a host's name in the pipeline, `step` a step's name. docs/json.md shows each with an example.
public enum Documents {
    /// A deployment.
    public static func deployment(_ deployment: Deployment) -> JSONValue {
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
    public static func step(_ result: StepResult) -> JSONValue {
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
    public static func step(_ outcome: StepOutcome) -> JSONValue {
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
    public static func gate(_ result: GateResult) -> JSONValue {
        .object([
            "gate": .string(result.gate.rawValue),
            "status": .string(result.state.rawValue),
            "reason": .string(result.reason),
            "unblock": .text(result.unblock),
        ])
    }

    /// A promotion request, with its approvals when known.
    public static func request(_ request: PromotionRequest, approvedBy: [String]? = nil, missing: Int? = nil,
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
            "deployment_id": .number(request.deploymentID),
        ])
    }

    /// A window's state now, in the documented fields (docs/json.md).
    public static func window(_ report: WindowReport?) -> JSONValue {
        guard let report else { return .null }
        return .object(["open": .bool(report.open), "reason": .string(report.reason),
                        "opens_at": .text(report.opensAt), "closes_at": .text(report.closesAt)])
    }

    /// `{outcome, message, deployment, request, gates, hosts, steps}`.
    public static func run(_ result: Engine.RunResult) -> JSONValue {
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

    /// `gantry status`: per pipeline, per environment, what runs, what is running, requests, window.
    public static func status(_ pipeline: Pipeline, _ environments: [Engine.EnvironmentStatus]) -> JSONValue {
        .object([
            "pipeline": .string(pipeline.name),
            "environments": .array(environments.map { env in
                .object([
                    "environment": .string(env.name),
                    "artifact": .text(env.current?.artifactTag),
                    "deployment": env.current.map(Documents.deployment) ?? .null,
                    "running": .array(env.active.map(Documents.deployment)),
                    "requests": .array(env.requests.map { request in
                        Documents.request(request.request, approvedBy: request.approvedBy, missing: request.status.missing,
                                          mayApprove: request.status.candidates.description,
                                          superseded: request.superseded?.reason(tag: request.request.artifactTag))
                    }),
                    "window": Documents.window(env.window.map { WindowReport($0, in: env.timeZone ?? TimeZone(identifier: "UTC")!) }),
                ])
            }),
        ])
    }

    /// `gantry status --json` (and the server's `/api/status`): every pipeline asked for, one shape
    /// whether one or all were.
    public static func statuses(_ pipelines: [(Pipeline, [Engine.EnvironmentStatus])]) -> JSONValue {
        .object(["pipelines": .array(pipelines.map { status($0.0, $0.1) })])
    }

    /// `gantry history`.
    public static func history(pipeline: String, environment: String?, deployments: [Deployment]) -> JSONValue {
        .object(["pipeline": .string(pipeline), "environment": .text(environment),
                 "deployments": .array(deployments.map(deployment))])
    }

    /// `gantry logs`.
    public static func log(_ deployment: Deployment, steps: [StepResult]) -> JSONValue {
        .object(["deployment": Self.deployment(deployment), "steps": .array(steps.map(step))])
    }
}
