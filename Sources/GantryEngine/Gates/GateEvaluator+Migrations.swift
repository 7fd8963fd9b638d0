import GantryModel

extension GateEvaluator {
    /// The migration ledger: the artifact's files against what ran in the environment (Flyway's
    /// validate). A changed, out-of-order or missing file refuses a deploy or promotion; a
    /// rollback may run an artifact older than the ledger, so there it only warns.
    func migrations(_ q: Question) -> GateResult {
        guard q.pipeline.migrations != nil, q.kind != .configOnly else {
            let why = q.kind == .configOnly ? "config-only runs no migration" : "\(q.pipeline.name) has no migrations"
            return GateResult(gate: .migrations, state: .notApplicable, reason: why)
        }
        let check: MigrationCheck
        do {
            guard let found = try engine.migrationCheck(q.pipeline, environment: q.environment.name, artifact: q.artifact) else {
                return GateResult(gate: .migrations, state: .notApplicable, reason: "\(q.pipeline.name) has no migrations")
            }
            check = found
        } catch {
            return GateResult(gate: .migrations, state: .blocked,
                              reason: "the migration files of \(q.artifact.tag) cannot be read: \(error.message)",
                              unblock: "make the repository of \(q.pipeline.name) readable to gantry")
        }
        let pending = check.pending.isEmpty ? "nothing pending"
            : "\(check.pending.count) pending: " + check.pending.map(\.name).joined(separator: ", ")
        guard check.hasProblems else {
            return GateResult(gate: .migrations, state: .passed, reason: pending)
        }
        if q.kind == .rollback {
            let warning = "rollback to \(q.artifact.tag), older than the ledger of \(q.environment.name): "
                + check.problems.joined(separator: "; ")
            engine.observer(.note("warning: " + warning))
            return GateResult(gate: .migrations, state: .passed, reason: "warning: " + warning)
        }
        var unblock: [String] = []
        if !check.changed.isEmpty { unblock.append("restore the applied content of " + check.changed.map(\.name).joined(separator: ", ")
            + " (a migration that ran cannot change: add a new one)") }
        if !check.outOfOrder.isEmpty { unblock.append("rename " + check.outOfOrder.map(\.name).joined(separator: ", ")
            + " to sort after \(check.lastApplied ?? ""), or set migrations.out_of_order: allow") }
        if !check.missing.isEmpty { unblock.append("put " + check.missing.map(\.name).joined(separator: ", ")
            + " back under \(q.pipeline.migrations?.path ?? "migrations.path") (a file that ran cannot disappear)") }
        return GateResult(gate: .migrations, state: .blocked,
                          reason: "\(q.artifact.tag) does not match the migration ledger of \(q.environment.name): "
                              + check.problems.joined(separator: "; "),
                          unblock: unblock.joined(separator: "; "))
    }
}
