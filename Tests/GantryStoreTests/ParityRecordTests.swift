import Foundation
import Testing
@testable import GantryStore

/// The migration ledger, parity receipts and the fact history in a real SQLite store.
@Suite struct ParityRecordTests {
    private func entry(_ name: String, _ checksum: String, deployment: Int64) -> MigrationLedgerEntry {
        MigrationLedgerEntry(name: name, checksum: checksum, artifactTag: "v\(deployment)", deploymentID: deployment,
                             appliedBy: "alice", appliedAt: StoreFixture.t0.addingTimeInterval(Double(deployment)))
    }

    @Test func theFirstApplicationOfAFileIsKeptForGood() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let added = try store.recordMigrations([entry("V1.sql", "sha256:a", deployment: 1), entry("V2.sql", "sha256:b", deployment: 1)],
                                               pipeline: "webshop", environment: "staging")
        #expect(added.map(\.name) == ["V1.sql", "V2.sql"])
        let again = try store.recordMigrations([entry("V2.sql", "sha256:changed", deployment: 2), entry("V3.sql", "sha256:c", deployment: 2)],
                                               pipeline: "webshop", environment: "staging")
        #expect(again.map(\.name) == ["V3.sql"])
        let ledger = try store.migrationLedger(pipeline: "webshop", environment: "staging")
        #expect(ledger.map(\.name) == ["V1.sql", "V2.sql", "V3.sql"])
        #expect(ledger[1].checksum == "sha256:b")
        #expect(ledger[1].deploymentID == 1)
        #expect(ledger[0].appliedAt == StoreFixture.t0.addingTimeInterval(1))
        #expect(try store.migrationLedger(pipeline: "webshop", environment: "production").isEmpty)
    }

    @Test func theLatestReceiptOfAnArtifactInAnEnvironmentIsFound() throws {
        let store = try StoreFixture().store
        try store.recordReceipt(pipeline: "webshop", environment: "staging", artifactTag: "v1", deploymentID: 1,
                                at: StoreFixture.t0, snapshot: "{\"n\":1}")
        try store.recordReceipt(pipeline: "webshop", environment: "staging", artifactTag: "v1", deploymentID: 4,
                                at: StoreFixture.t0.addingTimeInterval(60), snapshot: "{\"n\":2}")
        try store.recordReceipt(pipeline: "webshop", environment: "staging", artifactTag: "v2", deploymentID: 5,
                                at: StoreFixture.t0.addingTimeInterval(90), snapshot: "{\"n\":3}")
        let receipt = try store.latestReceipt(pipeline: "webshop", environment: "staging", artifactTag: "v1")
        #expect(receipt?.snapshot == "{\"n\":2}")
        #expect(receipt?.deploymentID == 4)
        #expect(try store.latestReceipt(pipeline: "webshop", environment: "production", artifactTag: "v1") == nil)
    }

    @Test func factHistorySinceADateStartsFromTheLastValueBeforeIt() throws {
        let store = try StoreFixture().store
        func observe(_ host: String, _ digest: String, at minutes: Double) -> FactObservation {
            FactObservation(environment: "production", host: host, fact: "ruby", digest: digest, output: digest, exitStatus: 0,
                            source: .verify, observedAt: StoreFixture.t0.addingTimeInterval(minutes * 60))
        }
        try store.recordFactObservations([observe("web-1", "a", at: 0), observe("web-2", "a", at: 0)], pipeline: "webshop")
        try store.recordFactObservations([observe("web-1", "b", at: 10)], pipeline: "webshop")
        try store.recordFactObservations([observe("web-1", "c", at: 20), observe("web-2", "a", at: 20)], pipeline: "webshop")
        let since = try store.factObservations(pipeline: "webshop", environment: "production",
                                               since: StoreFixture.t0.addingTimeInterval(15 * 60))
        // web-1: its value at 10 is the baseline; web-2: its value at 0.
        #expect(since.map { "\($0.host)=\($0.digest)" } == ["web-2=a", "web-1=b", "web-1=c", "web-2=a"])
        #expect(since.allSatisfy { $0.source == .verify && $0.environment == "production" })
        #expect(try store.factObservations(pipeline: "webshop", environment: "staging", since: StoreFixture.t0).isEmpty)
    }
}
