import Testing
import GantryGit
import GantryTestSupport

@Suite struct IdentityTests {
    @Test func theSameRepositoryReachedByDifferentPathsIsRecognised() throws {
        let repo = try GitFixture.make()
        try repo.commit("one")
        let other = try GitFixture.make()
        let viaWorkTree = try GitRepository(path: repo.path)
        let viaGitDir = try GitRepository(path: repo.gitDirectory + "/../.git")
        #expect(viaWorkTree.canonicalPath == viaGitDir.canonicalPath)
        #expect(viaWorkTree.canonicalPath != (try GitRepository(path: other.path)).canonicalPath)
    }
}
