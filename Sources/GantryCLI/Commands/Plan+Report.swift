import GantryEngine
import GantryGates
import GantryModel

/// The content of `gantry plan`, shared by the human and the JSON output.
///
/// Values unknown before a run (the commit, the previous tag, the host of a per-host step) are
/// shown as `<git.sha>`-style placeholders; secrets are always `***`. A reference that a
/// deployment never has a value for (`${git.branch}`, `${git.tag}`) is the error the deployment
/// would stop on, not a placeholder.
struct PlanReport: Encodable {
    struct HostLine: Encodable {
        var name: String
        var address: String
        var port: Int
        var user: String?
    }

    struct StepLine: Encodable {
        var name: String
        var action: String
        var command: String?
        var template: String?
        var to: String?
        var mode: String?
        var runOnce: Bool
        var migration: Bool
        var retries: Int
        var timeout: String?
    }

    /// `releases:`: where old release folders are pruned after a successful deployment.
    struct Releases: Encodable {
        var path: String
        var keep: Int
    }

    struct Gate: Encodable {
        var gate: String
        var configured: Bool
        var detail: String
        var evaluated: Bool
    }

    /// The ledger of the environment against the artifact: what the migration step would apply.
    struct Migrations: Encodable {
        var path: String
        var applied: Int
        var pending: [String]
        var problems: [String]

        init(_ status: Engine.MigrationStatus) {
            path = status.path
            applied = status.applied.count
            pending = status.check?.pending.map(\.name) ?? []
            problems = status.check?.problems ?? []
        }
    }

    var pipeline: String
    var environment: String
    var artifact: String
    var path: [String]
    var parallel: Int
    var haltOnFailure: Bool
    var batches: [[HostLine]]
    var steps: [StepLine]
    var rollback: [StepLine]
    var releases: Releases?
    var gates: [Gate]
    /// Each gate's verdict now, when the artifact is recorded in an existing store.
    var evaluation: [GateResult]? {
        didSet {
            for index in gates.indices {
                gates[index].evaluated = evaluation?.contains { $0.gate.rawValue == gates[index].gate } ?? false
            }
        }
    }
    /// Pending migration files, when the pipeline has migrations and the artifact is recorded.
    var migrations: Migrations?
    /// Why the gates were not evaluated, when they were not.
    var evaluationNote: String? = "not evaluated: no --artifact and nothing recorded yet"

    init(pipeline: Pipeline, environment: Environment, artifact: String?) throws {
        var context = pipeline.renderContext(for: environment, missing: .placeholder)
        context.withoutValue = [.gitBranch, .gitTag]
        if let artifact { context[.artifactTag] = artifact }
        self.pipeline = pipeline.name
        self.environment = environment.name
        self.artifact = artifact ?? "<artifact.tag>"
        path = pipeline.promotionPath(to: environment).map(\.name)
        parallel = pipeline.ssh.parallel
        haltOnFailure = environment.rollout.haltOnFailure
        batches = environment.rollout.batches(of: pipeline.hosts(of: environment)).map { batch in
            batch.map { HostLine(name: $0.name, address: $0.address, port: $0.port, user: $0.user) }
        }
        steps = try pipeline.steps.map { try Self.line($0, context) }
        rollback = try pipeline.rollback.map { try Self.line($0, context) }
        releases = try pipeline.releases.map { Releases(path: try $0.path.renderDisplay(context, quoted: false), keep: $0.keep) }
        gates = Self.gates(pipeline: pipeline, environment: environment)
    }

    private static func line(_ step: Step, _ context: RenderContext) throws -> StepLine {
        var line = StepLine(name: step.name, action: "run", runOnce: step.runOnce, migration: step.migration,
                            retries: step.retries, timeout: step.timeout.map(DurationText.describe))
        switch step.action {
        case .run(let template):
            line.command = try template.renderDisplay(context)
        case .file(let file):
            line.action = "file"
            line.template = file.templatePath
            line.to = try file.to.renderDisplay(context, quoted: false)
            _ = try file.content.renderDisplay(context, quoted: false)
            line.mode = file.mode
        case .upload(let to):
            line.action = "upload"
            line.to = try to.renderDisplay(context, quoted: false)
        }
        return line
    }

    private static func gates(pipeline: Pipeline, environment: Environment) -> [Gate] {
        var gates: [Gate] = []
        if let from = environment.from {
            gates.append(Gate(gate: "path", configured: true, detail: "the artifact must have succeeded in \(from)", evaluated: false))
        } else {
            gates.append(Gate(gate: "path", configured: false, detail: "entry environment: artifacts arrive with gantry deploy",
                              evaluated: false))
        }
        if let approval = environment.approval {
            let who = approval.approvers.isEmpty ? "anyone but the requester" : approval.approvers.joined(separator: ", ")
            var detail = "\(approval.required) approval\(approval.required == 1 ? "" : "s") from \(who)"
            detail += approval.selfApproval ? "; self-approval allowed" : "; no self-approval"
            if let expires = approval.expires { detail += "; approvals expire after \(DurationText.describe(expires))" }
            gates.append(Gate(gate: "approval", configured: true, detail: detail, evaluated: false))
        } else {
            gates.append(Gate(gate: "approval", configured: false, detail: "no approval needed", evaluated: false))
        }
        gates.append(windowGate(environment.windows))
        if let parity = environment.parity {
            let effect = parity.block ? "undocumented drift blocks" : "drift is reported, not blocking"
            gates.append(Gate(gate: "parity", configured: true, detail: "compared with \(parity.with); \(effect)", evaluated: false))
        } else {
            gates.append(Gate(gate: "parity", configured: false, detail: "no parity check", evaluated: false))
        }
        if let migrations = pipeline.migrations {
            gates.append(Gate(gate: "migrations", configured: true,
                              detail: "files under \(migrations.path) against the ledger of \(environment.name)"
                                  + (migrations.allowOutOfOrder ? "; out of order allowed" : ""), evaluated: false))
        } else {
            gates.append(Gate(gate: "migrations", configured: false, detail: "no migrations", evaluated: false))
        }
        gates.append(Gate(gate: "lock", configured: true, detail: "one deployment of \(environment.name) at a time",
                          evaluated: false))
        return gates
    }

    private static func windowGate(_ windows: WindowPolicy?) -> Gate {
        guard let windows else { return Gate(gate: "window", configured: false, detail: "always open", evaluated: false) }
        var parts: [String] = []
        for allow in windows.allow {
            parts.append(allow.days.map(\.shortName).joined(separator: ",") + " \(allow.from)-\(allow.to)")
        }
        if windows.allow.isEmpty { parts.append("open all week") }
        for freeze in windows.freezes {
            parts.append("freeze \(freeze.from) to \(freeze.to)" + (freeze.reason.map { " (\($0))" } ?? ""))
        }
        return Gate(gate: "window", configured: true, detail: "\(windows.timeZone.identifier): " + parts.joined(separator: "; "),
                    evaluated: false)
    }
}
