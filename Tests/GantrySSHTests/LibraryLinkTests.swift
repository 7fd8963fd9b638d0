import Testing
@testable import GantrySSH

@Suite struct LibraryLinkTests {
    @Test func libssh2IsLinkedAndInitialised() {
        #expect(LibSSH2.ready == 0)
        #expect(SSHLibrary.version.hasPrefix("1."))
    }
}
