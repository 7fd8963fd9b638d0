import Foundation
import Testing
@testable import GantryStore

@Suite("Artifacts")
struct ArtifactTests {
    func artifact(_ tag: String, commit: String, digest: String? = nil) -> Artifact {
        Artifact(pipeline: "webshop", tag: tag, commit: commit, digest: digest, builtBy: "alice", builtAt: StoreFixture.t0)
    }

    @Test("a tag is recorded once; again for the same commit is a no-op")
    func recordOnce() throws {
        let fixture = try StoreFixture()
        let first = try fixture.store.recordArtifact(artifact("v1", commit: "abc", digest: "sha256:1"))
        #expect(first == .recorded(artifact("v1", commit: "abc", digest: "sha256:1")))
        let second = try fixture.store.recordArtifact(artifact("v1", commit: "abc", digest: "sha256:1"))
        #expect(second == .alreadyRecorded(artifact("v1", commit: "abc", digest: "sha256:1")))
        #expect(try fixture.sqlite("SELECT COUNT(*) FROM artifact") == "1")
        #expect(try fixture.store.artifacts(pipeline: "webshop", commit: "abc").map(\.tag) == ["v1"])
    }

    @Test("the same tag for another commit is refused")
    func refusedForAnotherCommit() throws {
        let fixture = try StoreFixture()
        try fixture.store.recordArtifact(artifact("v1", commit: "abc"))
        #expect(throws: StoreError.artifactTagConflict(pipeline: "webshop", tag: "v1", recordedCommit: "abc", newCommit: "def")) {
            try fixture.store.recordArtifact(self.artifact("v1", commit: "def"))
        }
        #expect(try fixture.store.artifact(pipeline: "webshop", tag: "v1")?.commit == "abc")
    }

    @Test("a tag never gets a second digest, but a missing one is filled in")
    func digests() throws {
        let fixture = try StoreFixture()
        try fixture.store.recordArtifact(artifact("v1", commit: "abc"))
        let filled = try fixture.store.recordArtifact(artifact("v1", commit: "abc", digest: "sha256:1"))
        #expect(filled == .alreadyRecorded(artifact("v1", commit: "abc", digest: "sha256:1")))
        #expect(throws: StoreError.self) {
            try fixture.store.recordArtifact(self.artifact("v1", commit: "abc", digest: "sha256:2"))
        }
        #expect(try fixture.store.artifact(pipeline: "webshop", tag: "v1")?.digest == "sha256:1")
    }

    @Test("a refused recording appends no audit event; a no-op one does")
    func auditFollowsTheTransaction() throws {
        let fixture = try StoreFixture()
        let entry = AuditEntry(actor: "alice", action: "build", pipeline: "webshop", artifact: "v1", outcome: "recorded", at: StoreFixture.t0)
        try fixture.store.recordArtifact(artifact("v1", commit: "abc"), audit: entry)
        _ = try? fixture.store.recordArtifact(artifact("v1", commit: "zzz"), audit: entry)
        try fixture.store.recordArtifact(artifact("v1", commit: "abc"), audit: entry)
        #expect(try fixture.store.auditEvents().count == 2)
        #expect(try fixture.store.verifyAudit().isIntact)
    }
}
