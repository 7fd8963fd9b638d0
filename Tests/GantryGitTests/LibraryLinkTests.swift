import Testing
@testable import GantryGit

@Suite struct LibraryLinkTests {
    @Test func libgit2IsLinkedAndInitialised() {
        #expect(LibGit2.ready >= 1)
        #expect(GitLibrary.version.hasPrefix("1."))
    }
}
