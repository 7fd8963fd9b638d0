import Foundation
import Testing
import GantryGit
import GantryTestSupport

@Suite struct ResolveTests {
    /// main: c1 ← c2; tags: light (lightweight at c1), rel (annotated at c2).
    private func fixture() throws -> (GitFixture, String, String) {
        let repo = try GitFixture.make()
        let first = try repo.commit("first commit\n\nwith a body", files: ["a.txt": "1\n"], date: "2026-01-02T03:04:05Z")
        let second = try repo.commit("second", files: ["a.txt": "2\n"])
        try repo.tag("light", at: first)
        try repo.tag("rel", at: second, message: "release")
        return (repo, first, second)
    }

    @Test func branchTagsShasAndHeadResolveToTheirCommit() throws {
        let (repo, first, second) = try fixture()
        let git = try GitRepository(path: repo.path)
        #expect(try git.commit("main").sha == second)
        #expect(try git.commit("HEAD").sha == second)
        #expect(try git.commit("refs/heads/main").sha == second)
        #expect(try git.commit("light").sha == first)
        #expect(try git.commit("rel").sha == second)
        #expect(try git.commit(first).sha == first)
        #expect(try git.commit(String(first.prefix(8))).sha == first)
        #expect(try git.commit("main~1").sha == first)
    }

    @Test func commitMetadataIsRead() throws {
        let (repo, first, _) = try fixture()
        let commit = try GitRepository(path: repo.path).commit(first)
        #expect(commit.shortSha == String(first.prefix(7)))
        #expect(commit.authorName == "Ada Tester")
        #expect(commit.authorEmail == "ada@example.com")
        #expect(commit.summary == "first commit")
        #expect(commit.message.contains("with a body"))
        #expect(commit.authoredAt == ISO8601DateFormatter().date(from: "2026-01-02T03:04:05Z"))
        #expect(commit.parentShas.isEmpty)
    }

    @Test func annotatedTagObjectShaPeelsToTheCommit() throws {
        let (repo, _, second) = try fixture()
        let tagObject = try repo.sha("refs/tags/rel")
        #expect(tagObject != second)
        #expect(try GitRepository(path: repo.path).commit(tagObject).sha == second)
    }

    @Test func symbolicRefsAreFollowed() throws {
        let (repo, _, second) = try fixture()
        try repo.git("symbolic-ref", "refs/heads/current", "refs/heads/main")
        let git = try GitRepository(path: repo.path)
        #expect(try git.commit("current").sha == second)
        #expect(try git.branches().map(\.name) == ["current", "main"])
        #expect(try git.branches().allSatisfy { $0.commitSha == second })
    }

    @Test func bareRepositoryResolvesHead() throws {
        let (repo, _, second) = try fixture()
        let bare = try GitFixture.make(bare: true)
        try repo.git("push", "-q", bare.path, "main", "--tags")
        let git = try GitRepository(path: bare.path)
        #expect(git.isBare)
        #expect(try git.commit("HEAD").sha == second)
        #expect(try git.commit("rel").sha == second)
    }

    @Test func missingRefIsAClearNotFoundError() throws {
        let (repo, _, _) = try fixture()
        let git = try GitRepository(path: repo.path)
        let error = #expect(throws: GitError.self) { try git.commit("no-such-branch") }
        #expect(error?.kind == .notFound)
        #expect(error?.description.contains("unknown revision 'no-such-branch'") == true)
        #expect(error?.description.contains(repo.path) == true)
        #expect(git.hasCommit("no-such-branch") == false)
        #expect(git.hasCommit("main"))
    }

    @Test func aTagOnATreeIsNotACommit() throws {
        let (repo, _, _) = try fixture()
        try repo.git("tag", "treetag", "HEAD^{tree}")
        let error = #expect(throws: GitError.self) { try GitRepository(path: repo.path).commit("treetag") }
        #expect(error?.kind == .wrongType)
    }

    @Test func discoverFindsTheRepositoryAboveAFolder() throws {
        let (repo, _, second) = try fixture()
        try repo.write("pipelines/web.yml", "version: 1\n")
        let git = try GitRepository.discover(containing: repo.path + "/pipelines")
        #expect(try git.commit("HEAD").sha == second)
        #expect(git.workTree.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                == URL(fileURLWithPath: repo.path).standardizedFileURL.path)
    }

    @Test func aFolderOutsideAnyRepositoryIsRefused() throws {
        let plain = try TemporaryDirectory()
        let opened = #expect(throws: GitError.self) { try GitRepository(path: plain.path) }
        #expect(opened?.kind == .notARepository)
        let discovered = #expect(throws: GitError.self) { try GitRepository.discover(containing: plain.path) }
        #expect(discovered?.kind == .notARepository)
    }
}

@Suite struct ResolveByKindTests {
    @Test func branchAndTagOfTheSameNameStayApart() throws {
        let repo = try GitFixture.make()
        let first = try repo.commit("one")
        let second = try repo.commit("two")
        try repo.git("branch", "release", first)
        try repo.tag("release", at: second, message: "tag named like a branch")
        let git = try GitRepository(path: repo.path)
        #expect(try git.commit(branch: "release").sha == first)
        #expect(try git.commit(tag: "release").sha == second)
        let missing = #expect(throws: GitError.self) { try git.commit(branch: "nope") }
        #expect(missing?.kind == .notFound)
    }

    @Test func currentBranchFollowsHead() throws {
        let repo = try GitFixture.make()
        try repo.commit("one")
        let git = try GitRepository(path: repo.path)
        #expect(try git.currentBranch() == "main")
        try repo.git("checkout", "-q", "--detach")
        #expect(try git.currentBranch() == nil)
        let bare = try GitFixture.make(bare: true, initialBranch: "trunk")
        #expect(try GitRepository(path: bare.path).currentBranch() == "trunk")
    }
}
