import Foundation
import Testing
import GantryModel
@testable import GantryEngine

/// How differences are judged: pending, documented, drift, in progress — pure logic on snapshots.
@Suite struct ParityComparatorTests {
    static let now = ISO8601DateFormatter().date(from: "2027-01-15T12:00:00Z")!
    static let text = """
        version: 1
        hosts: { a: { address: 10.0.0.1 }, b: { address: 10.0.0.2 }, c: { address: 10.0.0.3 }, d: { address: 10.0.0.4 } }
        vars: { LEVEL: info }
        secrets: [TOKEN, KEY]
        environments:
          dev: { hosts: [a] }
          qa: { from: dev, hosts: [b] }
          staging: { from: dev, hosts: [c], vars: { LEVEL: debug } }
          production: { from: staging, hosts: [d] }
        steps: [{ run: "true" }]
        migrations: { path: db }
        parity:
          facts:
            os: "cat /etc/os"
            schema: { run: "dump", follows: artifact }
          allow:
            - { var: LEVEL, between: [production, staging], reason: "verbose", impact: "logs", owner: ops, expires: 2027-06-30 }
            - { fact: os, between: [staging, production], reason: "trial", impact: "none", expires: 2027-01-15 }
            - { secret: KEY, between: [qa, staging], reason: "qa has no key", impact: "no payments in qa" }
        """

    let pipeline: Pipeline

    init() throws {
        let entry = PipelineSet.loadText(Self.text, file: "pipelines/shop.yml")
        pipeline = try #require(entry.pipeline, "\(entry.diagnostics)")
    }

    private func comparator(succeeded: [String: Set<String>] = [:], running: [String: Int64] = [:]) -> ParityComparator {
        ParityComparator(pipeline: pipeline, now: Self.now, succeeded: succeeded, inProgress: running)
    }

    private func fact(_ name: String, _ output: String, exit: Int32 = 0, host: String = "h", error: String? = nil) -> FactValue {
        FactValue(name: name, host: host, output: .init(stdout: output, stderr: exit == 0 ? "" : "boom\n", exitStatus: error == nil ? exit : nil,
                                                        signal: nil, timedOut: false, error: error))
    }

    private func snapshot(_ env: String, artifact: String?, level: String = "info", secrets: [String] = ["TOKEN", "KEY"],
                          ledger: [String] = [], facts: [FactValue]) -> EnvironmentSnapshot {
        EnvironmentSnapshot(environment: env, artifact: artifact, host: "h", vars: [.init(name: "LEVEL", value: level)], secrets: secrets,
                            ledger: ledger.map { .init(name: $0, checksum: "sha256:\($0)") }, facts: facts, takenAt: Self.now)
    }

    private func status(_ comparison: ParityComparison, _ label: String) -> ParityDifference.Status? {
        comparison.differences.first { $0.label == label }?.status
    }

    @Test func theEnvironmentFurtherAlongThePathBehindIsPendingInEitherOrder() {
        let staging = snapshot("staging", artifact: "v2", level: "debug", ledger: ["V1", "V2"], facts: [fact("os", "12"), fact("schema", "x2")])
        let production = snapshot("production", artifact: "v1", ledger: ["V1"], facts: [fact("os", "12\n\n"), fact("schema", "x1")])
        let compare = comparator(succeeded: ["staging": ["v1", "v2"]])
        for comparison in [compare.compare(staging, production), compare.compare(production, staging)] {
            #expect(status(comparison, "artifact") == .pending)
            #expect(status(comparison, "migration V2") == .pending)
            #expect(status(comparison, "var LEVEL") == .documented)
            #expect(comparison.notCompared == ["fact schema follows the artifact: \(comparison.a) runs \(comparison.artifactA ?? ""), "
                                                + "\(comparison.b) runs \(comparison.artifactB ?? "")"])
            #expect(comparison.equal.contains("fact os"))
            #expect(comparison.drift.isEmpty)
        }
        // production running something staging never ran is drift, not pending.
        let hotfix = snapshot("production", artifact: "hotfix", ledger: ["V1"], facts: [fact("os", "12"), fact("schema", "x1")])
        #expect(status(compare.compare(staging, hotfix), "artifact") == .drift)
        // Off the path (siblings): every difference is drift.
        let qa = snapshot("qa", artifact: "v1", ledger: ["V1"], facts: [fact("os", "12"), fact("schema", "x1")])
        let siblings = compare.compare(qa, staging)
        #expect(status(siblings, "artifact") == .drift)
        #expect(status(siblings, "migration V2") == .drift)
    }

    @Test func allowEntriesDocumentUntilTheyExpireAndMatchTheirKindOnly() {
        let staging = snapshot("staging", artifact: "v1", level: "debug", facts: [fact("os", "12")])
        let production = snapshot("production", artifact: "v1", facts: [fact("os", "13")])
        let comparison = comparator().compare(staging, production)
        let level = comparison.differences.first { $0.label == "var LEVEL" }
        #expect(level?.status == .documented)
        #expect(level?.note == "documented (pipelines/shop.yml:17:7): verbose — impact: logs; owner: ops; expires 2027-06-30")
        let os = comparison.differences.first { $0.label == "fact os" }
        #expect(os?.status == .drift)
        #expect(os?.note == "the allow entry at pipelines/shop.yml:18:7 expired on 2027-01-15 and documents nothing any more")
        let earlier = ParityComparator(pipeline: pipeline, now: Self.now.addingTimeInterval(-13 * 3600), succeeded: [:], inProgress: [:])
        #expect(status(earlier.compare(staging, production), "fact os") == .documented)
        // A secret is judged by whether it has a value; the KEY entry documents qa ↔ staging only.
        let qa = snapshot("qa", artifact: "v1", level: "debug", secrets: ["TOKEN"], facts: [fact("os", "12")])
        #expect(status(comparator().compare(qa, staging), "secret KEY") == .documented)
        let bare = snapshot("production", artifact: "v1", level: "debug", secrets: ["TOKEN"], facts: [fact("os", "12")])
        let undocumented = comparator().compare(staging, bare).differences.first { $0.label == "secret KEY" }
        #expect(undocumented?.status == .drift)
        #expect(undocumented?.a == "set" && undocumented?.b == "(no value)")
        #expect(undocumented?.unblock?.hasPrefix("document it in parity.allow ({ secret: KEY, between: [staging, production]") == true)
    }

    @Test func aFailingFactIsADifferenceEvenWhenBothFailAlike() {
        let staging = snapshot("staging", artifact: "v1", level: "debug", facts: [fact("os", "", exit: 2), fact("schema", "s")])
        let production = snapshot("production", artifact: "v1", level: "debug", facts: [fact("os", "", exit: 2), fact("schema", "s")])
        let comparison = comparator().compare(staging, production)
        let os = comparison.differences.first { $0.label == "fact os" }
        #expect(os?.a == "exit 2: boom")
        #expect(os?.note.hasPrefix("the command failed (h: exit 2; h: exit 2)") == true)
        // os has an allow entry, expired at `now`, so this stays drift.
        #expect(os?.status == .drift)
        #expect(comparison.equal.contains("fact schema"))
    }

    @Test func anUnreachableHostIsNotDriftAndARunningDeploymentIsInProgress() {
        let staging = snapshot("staging", artifact: "v2", level: "debug", ledger: ["V1", "V2"], facts: [fact("os", "12"), fact("schema", "s")])
        let down = snapshot("production", artifact: "v1", level: "debug", ledger: ["V1"],
                            facts: [fact("os", "", error: "d: connection refused"), fact("schema", "s")])
        let unreachable = comparator(succeeded: ["staging": ["v1"]]).compare(staging, down)
        #expect(status(unreachable, "fact os") == .unreachable)
        let busy = comparator(running: ["production": 42]).compare(staging, snapshot("production", artifact: "v0", level: "debug",
                                                                                       ledger: ["V1"], facts: [fact("os", "13"), fact("schema", "t")]))
        #expect(status(busy, "artifact") == .inProgress)
        #expect(status(busy, "migration V2") == .inProgress)
        #expect(busy.differences.first { $0.label == "artifact" }?.note == "deployment #42 of production in progress")
        // What a deployment does not change is still judged: a var is documented (or drift), never "in progress".
        let levels = comparator(running: ["production": 42]).compare(staging, snapshot("production", artifact: "v2", level: "trace",
                                                                                         ledger: ["V1", "V2"], facts: [fact("os", "12"), fact("schema", "s")]))
        #expect(status(levels, "var LEVEL") == .documented)
    }

    @Test func outputIsNormalisedBeforeItIsCompared() {
        #expect(FactValue.normalise("a  \r\nb\t\n\n\n") == "a\nb")
        #expect(FactValue.normalise("  indented\n") == "  indented")
        #expect(fact("os", "12\n").digest == fact("os", "12   \n\n").digest)
        #expect(fact("os", "12\n").digest != fact("os", "1 2\n").digest)
        #expect(fact("os", "12", exit: 1).digest != fact("os", "12").digest)
        let long = fact("os", String(repeating: "x", count: 70) + "\nsecond\n")
        #expect(long.display == String(repeating: "x", count: 57) + "… (+1 lines, \(long.digest.prefix(15)))")
    }
}
