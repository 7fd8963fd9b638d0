import Foundation
import Testing
import GantryStore
@testable import GantryEngine

/// Natural order, checksums and the ledger check: pure logic.
@Suite struct MigrationCheckTests {
    @Test func digitRunsCompareAsNumbers() {
        #expect(NaturalOrder.less("V9__a.sql", "V10__b.sql"))
        #expect(!NaturalOrder.less("V10__b.sql", "V9__a.sql"))
        // After "V1", the text "_" (of "V1_5…") sorts before the longer text "__z.sql".
        #expect(NaturalOrder.sorted(["V10__x.sql", "V2__y.sql", "V1__z.sql", "V1_5__w.sql", "V100.sql"])
                == ["V1_5__w.sql", "V1__z.sql", "V2__y.sql", "V10__x.sql", "V100.sql"])
        #expect(NaturalOrder.sorted(["10_x", "2_x", "002_y", "1"]) == ["1", "2_x", "002_y", "10_x"])
        // Equal by number: plain text order decides, so the order stays total.
        #expect(NaturalOrder.less("V007.sql", "V7.sql"))
        #expect(!NaturalOrder.less("V7.sql", "V007.sql"))
        #expect(NaturalOrder.less("V99999999999999999999999.sql", "V100000000000000000000000.sql"))
        #expect(!NaturalOrder.less("a", "a"))
    }

    @Test func checksumsIgnoreCRLFAndThePath() {
        let lf = MigrationFile(name: "V1.sql", contents: Array("CREATE TABLE t (id int);\nSELECT 1;\n".utf8))
        let crlf = MigrationFile(name: "elsewhere/V1.sql", contents: Array("CREATE TABLE t (id int);\r\nSELECT 1;\r\n".utf8))
        let changed = MigrationFile(name: "V1.sql", contents: Array("CREATE TABLE t (id bigint);\nSELECT 1;\n".utf8))
        #expect(lf.checksum == crlf.checksum)
        #expect(lf.checksum != changed.checksum)
        #expect(MigrationFile.checksum(Array("abc".utf8)) == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // A lone CR is content, not a line end.
        #expect(MigrationFile.checksum(Array("a\rb".utf8)) != MigrationFile.checksum(Array("ab".utf8)))
    }

    private func ledger(_ names: [String: String]) -> [MigrationLedgerEntry] {
        names.sorted { $0.key < $1.key }.map {
            MigrationLedgerEntry(name: $0.key, checksum: $0.value, artifactTag: "v1", deploymentID: 1, appliedBy: "alice",
                                 appliedAt: Date(timeIntervalSince1970: 0))
        }
    }

    @Test func pendingChangedOutOfOrderAndMissingFiles() {
        let applied = ledger(["V1.sql": "sha256:1", "V2.sql": "sha256:2", "V10.sql": "sha256:10"])
        let files = [MigrationFile(name: "V11.sql", checksum: "sha256:11"), MigrationFile(name: "V1.sql", checksum: "sha256:1"),
                     MigrationFile(name: "V2.sql", checksum: "sha256:2b"), MigrationFile(name: "V9.sql", checksum: "sha256:9")]
        let check = MigrationCheck(ledger: applied, files: files, allowOutOfOrder: false)
        #expect(check.pending.map(\.name) == ["V9.sql", "V11.sql"])
        #expect(check.changed.map(\.name) == ["V2.sql"])
        #expect(check.outOfOrder.map(\.name) == ["V9.sql"])
        #expect(check.missing.map(\.name) == ["V10.sql"])
        #expect(check.lastApplied == "V10.sql")
        #expect(check.problems == [
            "V2.sql changed after it was applied (applied sha256:2, now sha256:2b)",
            "out of order: V9.sql sorts before V10.sql, which was already applied",
            "applied but missing from the artifact: V10.sql",
        ])
        let allowed = MigrationCheck(ledger: applied, files: files, allowOutOfOrder: true)
        #expect(allowed.outOfOrder.isEmpty)
        #expect(allowed.hasProblems) // still changed and missing
        let clean = MigrationCheck(ledger: [], files: files, allowOutOfOrder: false)
        #expect(!clean.hasProblems)
        #expect(clean.pending.map(\.name) == ["V1.sql", "V2.sql", "V9.sql", "V11.sql"])
    }
}
