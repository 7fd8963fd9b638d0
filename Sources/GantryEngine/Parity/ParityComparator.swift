import Foundation
import GantryModel

/// Judges two environment snapshots: pending, documented, drift or in progress, per difference.
///
/// Pure: everything it needs (the pipeline's promotion path and allow entries, the artifacts
/// that succeeded in each environment, running deployments, the time) is given to it.
struct ParityComparator {
    let pipeline: Pipeline
    let now: Date
    /// Tags that ever succeeded, per environment: a downstream environment running one of its
    /// upstream's earlier artifacts is behind, not drifted.
    let succeeded: [String: Set<String>]
    /// Running deployment ids, per environment.
    let inProgress: [String: Int64]

    func compare(_ a: EnvironmentSnapshot, _ b: EnvironmentSnapshot, basis: String = "now") -> ParityComparison {
        var result = ParityComparison(a: a.environment, b: b.environment, basis: basis, artifactA: a.artifact,
                                      artifactB: b.artifact, differences: [], equal: [], notCompared: [])
        compareArtifacts(a, b, into: &result)
        compareVars(a, b, into: &result)
        compareSecrets(a, b, into: &result)
        compareLedgers(a, b, into: &result)
        compareFacts(a, b, into: &result)
        return result
    }

    // MARK: - Promotion path

    /// (upstream, downstream) when one environment lies on the other's promotion path.
    private func order(_ a: EnvironmentSnapshot, _ b: EnvironmentSnapshot) -> (up: EnvironmentSnapshot, down: EnvironmentSnapshot)? {
        guard a.environment != b.environment else { return nil }
        if path(to: b.environment).contains(a.environment) { return (a, b) }
        if path(to: a.environment).contains(b.environment) { return (b, a) }
        return nil
    }

    private func path(to name: String) -> [String] {
        guard let env = pipeline.environments.first(where: { $0.name == name }) else { return [] }
        return pipeline.promotionPath(to: env).map(\.name)
    }

    private func running(_ a: String, _ b: String) -> String? {
        for name in [a, b] { if let id = inProgress[name] { return "deployment #\(id) of \(name) in progress" } }
        return nil
    }

    // MARK: - Parts

    private func compareArtifacts(_ a: EnvironmentSnapshot, _ b: EnvironmentSnapshot, into result: inout ParityComparison) {
        guard a.artifact != b.artifact else {
            result.equal.append("artifact")
            return
        }
        var difference = ParityDifference(kind: .artifact, subject: "artifact", a: a.artifact ?? "(nothing)",
                                          b: b.artifact ?? "(nothing)", status: .drift, note: "", unblock: nil)
        if let note = running(a.environment, b.environment) {
            difference.status = .inProgress
            difference.note = note
        } else if let (up, down) = order(a, b),
                  down.artifact == nil || succeeded[up.environment]?.contains(down.artifact ?? "") == true {
            difference.status = .pending
            difference.note = "\(down.environment) is behind \(up.environment): promotion pending"
        } else {
            difference.note = "the two run artifacts that are not on one promotion path"
            difference.unblock = "deploy the same artifact to both, or promote along the path"
        }
        result.differences.append(difference)
    }

    private func compareVars(_ a: EnvironmentSnapshot, _ b: EnvironmentSnapshot, into result: inout ParityComparison) {
        var names = a.vars.map(\.name)
        for variable in b.vars where !names.contains(variable.name) { names.append(variable.name) }
        for name in names {
            let left = a.vars.first { $0.name == name }?.value, right = b.vars.first { $0.name == name }?.value
            if left == right {
                result.equal.append("var \(name)")
                continue
            }
            result.differences.append(judged(.variable, name, a: left ?? "(not set)", b: right ?? "(not set)",
                                             between: a.environment, b.environment, changedByDeployment: false))
        }
    }

    private func compareSecrets(_ a: EnvironmentSnapshot, _ b: EnvironmentSnapshot, into result: inout ParityComparison) {
        for name in pipeline.secrets {
            let left = a.secrets.contains(name), right = b.secrets.contains(name)
            if left == right {
                result.equal.append("secret \(name)")
                continue
            }
            // Only whether a value exists is compared: secret values never are.
            result.differences.append(judged(.secret, name, a: left ? "set" : "(no value)", b: right ? "set" : "(no value)",
                                             between: a.environment, b.environment, changedByDeployment: false))
        }
    }

    private func compareLedgers(_ a: EnvironmentSnapshot, _ b: EnvironmentSnapshot, into result: inout ParityComparison) {
        guard pipeline.migrations != nil else { return }
        let left = Dictionary(a.ledger.map { ($0.name, $0.checksum) }, uniquingKeysWith: { first, _ in first })
        let right = Dictionary(b.ledger.map { ($0.name, $0.checksum) }, uniquingKeysWith: { first, _ in first })
        let names = NaturalOrder.sorted(Array(Set(left.keys).union(right.keys)))
        let busy = running(a.environment, b.environment)
        var behind: (up: String, down: String, names: [String])?
        for name in names {
            switch (left[name], right[name]) {
            case let (x?, y?) where x == y:
                continue
            case let (x?, y?):
                var difference = ParityDifference(kind: .migration, subject: name, a: MigrationCheck.short(x), b: MigrationCheck.short(y),
                                                  status: .drift, note: "applied with different content",
                                                  unblock: "find out which content ran where; a migration that ran cannot change")
                if let busy { difference.status = .inProgress; difference.note = busy; difference.unblock = nil }
                result.differences.append(difference)
            default:
                let onlyA = left[name] != nil
                let (has, lacks) = onlyA ? (a, b) : (b, a)
                if busy == nil, let (up, down) = order(a, b), up.environment == has.environment {
                    if behind == nil { behind = (up.environment, down.environment, []) }
                    behind?.names.append(name)
                    continue
                }
                var difference = ParityDifference(kind: .migration, subject: name, a: onlyA ? "applied" : "(not applied)",
                                                  b: onlyA ? "(not applied)" : "applied", status: .drift,
                                                  note: "applied in \(has.environment) only",
                                                  unblock: "apply it in \(lacks.environment) through a deployment, or find out how it ran in \(has.environment)")
                if let busy { difference.status = .inProgress; difference.note = busy; difference.unblock = nil }
                result.differences.append(difference)
            }
        }
        if let behind {
            let upIsA = behind.up == a.environment
            let list = behind.names.joined(separator: ", ")
            result.differences.append(ParityDifference(
                kind: .migration, subject: list, a: upIsA ? "applied" : "(not applied)", b: upIsA ? "(not applied)" : "applied",
                status: .pending, note: "\(behind.names.count) not yet applied in \(behind.down) (behind \(behind.up))", unblock: nil))
        }
        if names.allSatisfy({ left[$0] != nil && left[$0] == right[$0] }) {
            result.equal.append("migrations (\(names.count) applied)")
        }
    }

    private func compareFacts(_ a: EnvironmentSnapshot, _ b: EnvironmentSnapshot, into result: inout ParityComparison) {
        for fact in pipeline.parity?.facts ?? [] {
            guard let left = a.fact(fact.name), let right = b.fact(fact.name) else {
                let side = a.fact(fact.name) == nil ? a.environment : b.environment
                result.notCompared.append("fact \(fact.name): not read in \(side)")
                continue
            }
            if fact.followsArtifact && (a.artifact == nil || a.artifact != b.artifact) {
                result.notCompared.append("fact \(fact.name) follows the artifact: \(a.environment) runs \(a.artifact ?? "nothing"), "
                    + "\(b.environment) runs \(b.artifact ?? "nothing")")
                continue
            }
            if left.unreachable || right.unreachable {
                let broken = left.unreachable ? left : right
                result.differences.append(ParityDifference(kind: .fact, subject: fact.name, a: left.display, b: right.display,
                                                           status: .unreachable, note: "\(broken.host): \(broken.error ?? "")",
                                                           unblock: "make \(broken.host) reachable"))
                continue
            }
            if left.succeeded && right.succeeded && left.digest == right.digest {
                result.equal.append("fact \(fact.name)")
                continue
            }
            var difference = judged(.fact, fact.name, a: left.display, b: right.display, between: a.environment, b.environment,
                                    changedByDeployment: true)
            if !left.succeeded || !right.succeeded {
                let failed = [left, right].filter { !$0.succeeded }.map { "\($0.host): \(FactValue.ending($0.exitStatus, $0.signal, $0.timedOut, $0.error))" }
                difference.note = "the command failed (" + failed.joined(separator: "; ") + ")"
                    + (difference.status == .documented ? "; " + difference.note : "")
                if difference.status == .drift { difference.unblock = "fix the fact command or the host so it exits 0" }
            }
            result.differences.append(difference)
        }
    }

    /// A difference judged against the allow entries (and a running deployment, for what deployments change).
    private func judged(_ kind: ParityDifference.Kind, _ name: String, a: String, b: String, between envA: String, _ envB: String,
                        changedByDeployment: Bool) -> ParityDifference {
        var difference = ParityDifference(kind: kind, subject: name, a: a, b: b, status: .drift, note: "undocumented", unblock: nil)
        if changedByDeployment, let busy = running(envA, envB) {
            difference.status = .inProgress
            difference.note = busy
            return difference
        }
        let subject: ParityAllowance.Subject
        switch kind {
        case .fact: subject = .fact(name)
        case .variable: subject = .variable(name)
        default: subject = .secret(name)
        }
        let entries = (pipeline.parity?.allow ?? []).filter { $0.subject == subject && $0.covers(envA, envB) }
        if let live = entries.first(where: { !$0.isExpired(at: now) }) {
            difference.status = .documented
            var details = ["impact: \(live.impact)"]
            if let owner = live.owner { details.append("owner: \(owner)") }
            if let expires = live.expiresText { details.append("expires \(expires)") }
            difference.note = "documented (\(live.location)): \(live.reason) — " + details.joined(separator: "; ")
            return difference
        }
        let key = kind == .variable ? "var" : kind.rawValue
        let entry = "{ \(key): \(name), between: [\(envA), \(envB)], reason: \"…\", impact: \"…\", owner: …, expires: YYYY-MM-DD }"
        if let expired = entries.first {
            difference.note = "the allow entry at \(expired.location) expired on \(expired.expiresText ?? "?") and documents nothing any more"
            difference.unblock = "renew its 'expires' after a review, or bring \(envB) in line with \(envA)"
        } else {
            difference.unblock = "document it in parity.allow (\(entry)), or bring \(envB) in line with \(envA)"
        }
        return difference
    }
}
