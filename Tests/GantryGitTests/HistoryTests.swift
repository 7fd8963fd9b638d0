import Testing
import GantryGit
import GantryTestSupport

@Suite struct HistoryTests {
    /// main: c1 ← c2 ← c3; feature: c2 ← f1.
    private func fixture() throws -> (GitFixture, [String], String) {
        let repo = try GitFixture.make()
        let c1 = try repo.commit("c1", date: "2026-01-01T10:00:00Z")
        let c2 = try repo.commit("c2", date: "2026-01-01T11:00:00Z")
        let c3 = try repo.commit("c3", date: "2026-01-01T12:00:00Z")
        try repo.git("checkout", "-q", "-b", "feature", c2)
        let f1 = try repo.commit("f1", date: "2026-01-01T13:00:00Z")
        try repo.git("checkout", "-q", "main")
        return (repo, [c1, c2, c3], f1)
    }

    @Test func ancestryBothWays() throws {
        let (repo, c, f1) = try fixture()
        let git = try GitRepository(path: repo.path)
        #expect(try git.isAncestor(c[0], of: c[2]))
        #expect(try git.isAncestor(c[2], of: c[0]) == false)
        #expect(try git.isAncestor(c[1], of: "feature"))
        #expect(try git.isAncestor(f1, of: "main") == false)
        #expect(try git.isAncestor("main", of: "main"))
    }

    @Test func commitsBetweenAreNewestFirst() throws {
        let (repo, c, _) = try fixture()
        let git = try GitRepository(path: repo.path)
        let since = try git.commits(from: "main", excluding: c[0])
        #expect(since.commits.map(\.sha) == [c[2], c[1]])
        #expect(since.isTruncated == false)
        #expect(try git.commits(from: "main", excluding: nil).commits.map(\.summary) == ["c3", "c2", "c1"])
        #expect(try git.commits(from: c[1], excluding: "main").commits.isEmpty)
    }

    @Test func commitsBetweenAreBounded() throws {
        let (repo, c, _) = try fixture()
        let list = try GitRepository(path: repo.path).commits(from: "main", excluding: nil, limit: 2)
        #expect(list.commits.map(\.sha) == [c[2], c[1]])
        #expect(list.isTruncated)
    }

    @Test func commitsOfADivergedBranchExcludeTheOldOnesOnly() throws {
        let (repo, _, f1) = try fixture()
        let list = try GitRepository(path: repo.path).commits(from: "feature", excluding: "main")
        #expect(list.commits.map(\.sha) == [f1])
    }

    @Test func anUnknownRevisionInAncestryIsNotFound() throws {
        let (repo, _, _) = try fixture()
        let error = #expect(throws: GitError.self) { try GitRepository(path: repo.path).isAncestor("nope", of: "main") }
        #expect(error?.kind == .notFound)
    }
}
