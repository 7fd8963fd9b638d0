import Foundation
import GantryShell
import GantryTestSupport
import Testing
@testable import GantryGit

/// `git ls-remote` and fetches into a bare mirror through libgit2: from a path, a `file://` URL,
/// and over SSH from the test sshd, with the host key checked by the caller and the deploy key.
@Suite struct RemoteFetchTests {
    /// A bare "team" repository with `main`, a `v1` annotated tag and a feature branch, pushed from a clone.
    static func teamRepository() throws -> (bare: GitFixture, clone: GitFixture) {
        let bare = try GitFixture.make(bare: true)
        let clone = try GitFixture.make()
        _ = try clone.commit("one", files: ["app.txt": "1\n"])
        try clone.tag("v1", message: "release 1")
        _ = try clone.commit("two", files: ["app.txt": "2\n"])
        _ = try clone.git("branch", "feature", "HEAD~1")
        _ = try clone.git("push", "-q", bare.path, "main", "feature", "v1")
        return (bare, clone)
    }

    static func accept(_ url: String) -> GitRemoteAccess {
        GitRemoteAccess(url: url, identity: nil) { _ in }
    }

    @Test(arguments: [false, true])
    func headsListsBranchesAndTags(fileURL: Bool) throws {
        let (bare, clone) = try Self.teamRepository()
        let heads = try GitRemote.heads(Self.accept(fileURL ? "file://" + bare.path : bare.path))
        #expect(heads["refs/heads/main"] == (try clone.sha("main")))
        #expect(heads["refs/heads/feature"] == (try clone.sha("main~1")))
        // An annotated tag is listed with its tag object, as a post-receive hook sees it.
        #expect(heads["refs/tags/v1"] == (try clone.gitLine("rev-parse", "v1")))
        #expect(heads.keys.allSatisfy { !$0.hasSuffix("^{}") } && heads.count == 3)
    }

    @Test func fetchBringsOnlyTheNamedRefsIntoANewMirror() throws {
        let (bare, clone) = try Self.teamRepository()
        let folder = try TemporaryDirectory(prefix: "gantry-mirror")
        let mirror = try GitRepository.openOrCreateBare(at: folder.path + "/mirrors/app.git")
        #expect(mirror.isBare)
        let fetched = try mirror.fetch(["refs/heads/main", "refs/tags/v1"], from: Self.accept("file://" + bare.path))
        #expect(fetched["refs/heads/main"] == (try clone.sha("main")))
        #expect(try mirror.commit("v1").sha == (try clone.sha("main~1")))
        #expect(mirror.contains(object: try clone.sha("main")))
        #expect((try? mirror.resolveRef("refs/heads/feature")) == nil)
        // A force-push moves the mirror's ref too.
        _ = try clone.git("reset", "-q", "--hard", "HEAD~1")
        _ = try clone.commit("three", files: ["app.txt": "3\n"])
        _ = try clone.git("push", "-q", "--force", bare.path, "main")
        let again = try GitRepository.openOrCreateBare(at: folder.path + "/mirrors/app.git")
        #expect(try again.fetch(["refs/heads/main"], from: Self.accept(bare.path))["refs/heads/main"] == (try clone.sha("main")))
    }

    @Test func onlyBranchesAndTagsAreFetched() throws {
        let folder = try TemporaryDirectory(prefix: "gantry-mirror")
        let mirror = try GitRepository.openOrCreateBare(at: folder.path + "/m.git")
        #expect(throws: GitError.self) { try mirror.fetch(["refs/pull/1/head"], from: Self.accept("/nowhere.git")) }
        #expect(throws: GitError.self) { try mirror.fetch(["refs/heads/a:refs/heads/b"], from: Self.accept("/nowhere.git")) }
    }

    @Test func aMissingRemoteIsARemoteError() throws {
        let error = try #require(throws: GitError.self) { try GitRemote.heads(Self.accept("/no/such/repository.git")) }
        #expect(error.kind == .remote && error.severity == .infrastructure)
    }

    /// The test sshd's host key blob, from its `.pub` file.
    static func hostKeyBlob(_ sshd: TestSSHD) throws -> [UInt8] {
        let line = try String(contentsOfFile: sshd.hostPublicKeyPath, encoding: .utf8)
        let field = line.split(separator: " ")[1]
        return Array(try #require(Data(base64Encoded: String(field))))
    }

    @Test func overSSHTheHostKeyIsCheckedAndTheDeployKeyUsed() throws {
        let (bare, clone) = try Self.teamRepository()
        let sshd = try TestSSHD.shared()
        let expected = try Self.hostKeyBlob(sshd)
        let url = "ssh://\(sshd.user)@127.0.0.1:\(sshd.port)\(bare.path)"
        let seen = Locked<[GitRemoteAccess.HostKey]>([])
        let access = GitRemoteAccess(url: url, identity: sshd.identityPath) { key in
            seen.withLock { $0.append(key) }
            guard key.blob == expected else { throw RefusedKey() }
        }
        #expect(try GitRemote.heads(access)["refs/heads/main"] == (try clone.sha("main")))
        let folder = try TemporaryDirectory(prefix: "gantry-mirror")
        let mirror = try GitRepository.openOrCreateBare(at: folder.path + "/app.git")
        #expect(try mirror.fetch(["refs/heads/main"], from: access)["refs/heads/main"] == (try clone.sha("main")))
        let keys = seen.withLock { $0 }
        #expect(keys.count == 2 && keys.allSatisfy { $0.host == "127.0.0.1" && $0.port == sshd.port })
    }

    @Test func aRefusedHostKeyStopsBeforeLoginWithTheCheckersMessage() throws {
        let (bare, _) = try Self.teamRepository()
        let sshd = try TestSSHD.shared()
        let access = GitRemoteAccess(url: "ssh://\(sshd.user)@127.0.0.1:\(sshd.port)\(bare.path)", identity: sshd.identityPath) { _ in
            throw RefusedKey()
        }
        let error = try #require(throws: GitError.self) { try GitRemote.heads(access) }
        #expect(error.kind == .remote && error.message.contains("HOST KEY REFUSED BY TEST"))
        let folder = try TemporaryDirectory(prefix: "gantry-mirror")
        let mirror = try GitRepository.openOrCreateBare(at: folder.path + "/app.git")
        let fetchError = try #require(throws: GitError.self) { try mirror.fetch(["refs/heads/main"], from: access) }
        #expect(fetchError.message.contains("HOST KEY REFUSED BY TEST"))
    }

    @Test func aKeyTheServerDoesNotKnowIsRefusedWithAHint() throws {
        let (bare, _) = try Self.teamRepository()
        let sshd = try TestSSHD.shared()
        let stranger = try TemporaryDirectory(prefix: "gantry-key")
        _ = try GitCLI.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.path + "/id"], in: stranger.path)
        let expected = try Self.hostKeyBlob(sshd)
        let access = GitRemoteAccess(url: "ssh://\(sshd.user)@127.0.0.1:\(sshd.port)\(bare.path)", identity: stranger.path + "/id") {
            guard $0.blob == expected else { throw RefusedKey() }
        }
        let error = try #require(throws: GitError.self) { try GitRemote.heads(access) }
        #expect(error.kind == .remote)
        #expect(error.description.contains("refused") || error.description.contains("auth"), "\(error)")
    }

    struct RefusedKey: Error, CustomStringConvertible {
        var description: String { "HOST KEY REFUSED BY TEST" }
    }
}
