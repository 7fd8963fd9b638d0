import Foundation
import Testing
import GantryTestSupport
@testable import GantryStore

@Suite("Opening the store")
struct OpeningTests {
    @Test("migrations create every table and reopening keeps the data")
    func createsSchemaAndReopens() throws {
        let fixture = try StoreFixture()
        let tables = try fixture.sqlite("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type='table' ORDER BY name)")
        for table in ["approval", "artifact", "audit_event", "deployment", "environment_lock", "promotion_request",
                      "schedule", "schedule_slot", "step_result", "grdb_migrations"] {
            #expect(tables.split(separator: ",").contains(Substring(table)), "missing table \(table)")
        }
        try fixture.store.recordArtifact(Artifact(pipeline: "webshop", tag: "a1", commit: "c1", builtBy: "alice", builtAt: StoreFixture.t0))
        let reopened = try StateStore.open(path: fixture.path)
        #expect(try reopened.artifact(pipeline: "webshop", tag: "a1")?.commit == "c1")
        #expect(try fixture.sqlite("PRAGMA journal_mode") == "wal")
    }

    @Test("a store with a migration this build does not know is refused")
    func refusesNewerSchema() throws {
        let fixture = try StoreFixture()
        try fixture.sqlite("INSERT INTO grdb_migrations (identifier) VALUES ('2099-01-01 teleporters')")
        #expect {
            _ = try StateStore.open(path: fixture.path)
        } throws: { error in
            guard let error = error as? StoreError, case .writtenByNewerGantry = error else { return false }
            return error.description.contains("was written by a newer Gantry (schema 2099-01-01 teleporters); upgrade gantry")
                && error.severity == .infrastructure
        }
    }

    @Test("the folder is setgid and group-writable, the files group-writable")
    func sharesThroughAGroup() throws {
        let fixture = try StoreFixture()
        try fixture.store.appendAudit(AuditEntry(actor: "alice", action: "test", outcome: "ok", at: StoreFixture.t0))
        let folder = (fixture.path as NSString).deletingLastPathComponent
        #expect(fullMode(folder) == 0o2770)
        for file in [fixture.path, fixture.path + "-wal", fixture.path + "-shm", fixture.store.auditHeadPath] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file) missing")
            #expect(try fileMode(file) & 0o060 == 0o060, "\(file) is not group read-write")
            #expect(try fileMode(file) & 0o007 == 0, "\(file) is open to others")
        }
    }

    @Test("a write waits for another process's transaction instead of failing")
    func waitsForAnotherProcess() throws {
        let fixture = try StoreFixture()
        let marker = fixture.directory.path + "/locked"
        let script = "BEGIN IMMEDIATE;\nINSERT INTO environment_lock VALUES ('x','y',1,1,'h','a','2026-01-01','2026-01-01');\n"
            + ".shell touch \(marker)\n.shell sleep 1\nCOMMIT;\n"
        let holder = try ChildProcess.start("/usr/bin/sqlite3", [fixture.path], stdin: Data(script.utf8))
        let deadline = Date() + 10
        while !FileManager.default.fileExists(atPath: marker) && Date() < deadline { usleep(10_000) }
        #expect(FileManager.default.fileExists(atPath: marker))
        let started = Date()
        try fixture.store.appendAudit(AuditEntry(actor: "alice", action: "exec", outcome: "ok", at: StoreFixture.t0))
        #expect(Date().timeIntervalSince(started) > 0.5)
        #expect(holder.wait().status == 0)
        #expect(try fixture.store.lockHolder(pipeline: "x", environment: "y")?.hostname == "h")
    }

    @Test("a file that is not a database is unavailable (exit 4)")
    func notADatabase() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/state.db"
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try StateStore.open(path: path)
        } throws: { error in
            guard let error = error as? StoreError, case .unavailable = error else { return false }
            return error.severity == .infrastructure && error.description.contains(path)
        }
    }

    @Test("a folder that cannot be created is unavailable")
    func folderCannotBeCreated() throws {
        let directory = try TemporaryDirectory()
        let blocker = directory.path + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        #expect {
            _ = try StateStore.open(path: blocker + "/sub/state.db")
        } throws: { error in
            guard let error = error as? StoreError, case .unavailable = error else { return false }
            return true
        }
    }
}
