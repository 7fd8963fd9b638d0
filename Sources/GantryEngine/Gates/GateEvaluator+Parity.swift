import Foundation
import GantryModel
import GantryStore

extension GateEvaluator {
    /// Parity with `parity.with` (S): E now against S as it was when the artifact passed there
    /// (its receipt), and against S as it is now. Undocumented drift in either blocks.
    func parity(_ q: Question) async -> GateResult {
        guard let parity = q.environment.parity, parity.block, q.kind != .rollback else {
            let why = q.kind == .rollback ? "rollback skips the parity check"
                : (q.environment.parity.map { "parity with \($0.with) is reported by `gantry parity`, not blocking" }
                    ?? "\(q.environment.name) does not block on parity")
            return GateResult(gate: .parity, state: .notApplicable, reason: why)
        }
        do {
            return try await verdict(q, with: parity.with)
        } catch {
            return GateResult(gate: .parity, state: .blocked, reason: "parity with \(parity.with) cannot be checked: \(error.message)",
                              unblock: "fix the cause above; the gate stays closed until the environments can be compared")
        }
    }

    private func verdict(_ q: Question, with name: String) async throws(EngineError) -> GateResult {
        let pipeline = q.pipeline, target = q.environment
        let source = try engineCall { try pipeline.environment(named: name) }
        let contexts = [target.name: try engine.probeContext(pipeline, target),
                        source.name: try engine.probeContext(pipeline, source)]
        let first = { (env: Environment) in pipeline.hosts(of: env).first }
        let targets = [target, source].map { Engine.ProbeTarget(environment: $0, hosts: first($0).map { [$0] } ?? [], running: false) }
        let readings = await engine.readProbes(pipeline, targets, contexts: contexts)
        try engineCall { try store.recordFactObservations(engine.observations(readings, source: .parity), pipeline: pipeline.name) }
        let unreachable = Engine.unreachable(readings)
        if !unreachable.isEmpty {
            return GateResult(gate: .parity, state: .blocked, reason: "facts cannot be read: " + unreachable.joined(separator: "; "),
                              unblock: "make the first host of \(source.name) and of \(target.name) reachable")
        }
        func snapshot(_ env: Environment) throws(EngineError) -> EnvironmentSnapshot {
            let host = first(env)?.name
            return try engine.snapshot(pipeline, contexts[env.name]!, facts: host.flatMap { readings[env.name]?[$0] } ?? [], host: host)
        }
        let targetNow = try snapshot(target), sourceNow = try snapshot(source)
        let comparator = try engine.comparator(pipeline, environments: [target.name, source.name])
        let now = comparator.compare(sourceNow, targetNow)

        let tag = q.artifact.tag
        var comparisons = [now]
        var notes: [String] = []
        let receipt = try engineCall { try store.latestReceipt(pipeline: pipeline.name, environment: source.name, artifactTag: tag) }
        if let receipt, let then = try? EnvironmentSnapshot.decode(receipt.snapshot) {
            let basis = "as \(tag) passed there on \(Self.day(receipt.recordedAt))"
            comparisons.insert(comparator.compare(then, targetNow, basis: basis), at: 0)
            let changed = comparator.compare(then, sourceNow).differences.filter { $0.kind != .artifact }
            if !changed.isEmpty {
                notes.append("\(source.name) changed since \(tag) passed there: "
                    + changed.map { "\($0.label) \($0.a) → \($0.b)" }.joined(separator: ", "))
            }
        } else {
            notes.append("no receipt of \(tag) in \(source.name): compared with \(source.name) as it is now only")
        }
        let lines = Self.driftLines(comparisons, source: source.name, target: target.name)
        let basis = comparisons.count == 2 ? "as \(tag) passed there, and now" : "now"
        guard lines.isEmpty else {
            return GateResult(gate: .parity, state: .blocked,
                              reason: "\(lines.count) undocumented difference\(lines.count == 1 ? "" : "s") with \(source.name) (\(basis)):\n  "
                                  + lines.joined(separator: "\n  ") + (notes.isEmpty ? "" : "\n  " + notes.joined(separator: "\n  ")),
                              unblock: "document each in parity.allow of \(pipeline.file) ({ fact|var|secret: NAME, between: "
                                  + "[\(source.name), \(target.name)], reason, impact, owner, expires }), or bring \(target.name) in line "
                                  + "with \(source.name); `gantry parity \(pipeline.name) \(source.name) \(target.name)` shows them")
        }
        let pending = comparisons.map { $0.count(.pending) }.max() ?? 0
        let documented = comparisons.map { $0.count(.documented) }.max() ?? 0
        return GateResult(gate: .parity, state: .passed,
                          reason: "no undocumented drift with \(source.name) (\(basis)); \(pending) pending, \(documented) documented"
                              + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")))
    }

    /// One line per drift; a drift found alike against the receipt and against now is listed once.
    private static func driftLines(_ comparisons: [ParityComparison], source: String, target: String) -> [String] {
        var seen: [(label: String, a: String, b: String)] = []
        var lines: [String] = []
        for comparison in comparisons {
            for drift in comparison.drift {
                if seen.contains(where: { $0.label == drift.label && $0.a == drift.a && $0.b == drift.b }) { continue }
                seen.append((drift.label, drift.a, drift.b))
                let alike = comparisons.count == 2 && comparisons.allSatisfy { other in
                    other.drift.contains { $0.label == drift.label && $0.a == drift.a && $0.b == drift.b }
                }
                let when = alike ? "as it passed there, and now" : (comparison.basis == "now" ? "now" : comparison.basis)
                // Artifacts and migrations need their own remedy; facts and keys share the one below.
                let remedy = drift.kind == .artifact || drift.kind == .migration ? drift.unblock.map { "; \($0)" } ?? "" : ""
                lines.append("\(drift.label): \(source) \(drift.a) (\(when)), \(target) \(drift.b) — \(drift.note)\(remedy)")
            }
        }
        return lines
    }

    /// `2026-12-01 10:00 UTC`.
    private static func day(_ date: Date) -> String {
        let format = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().time(includingFractionalSeconds: false)
        return format.format(date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "") + " UTC"
    }
}
