import Foundation
import GantrySSH
import GantryTestSupport
import Logging
import Testing

/// The known_hosts check for connections libgit2 makes: the same rules, from a key blob.
@Suite struct HostKeyCheckTests {
    func blob(_ line: String) throws -> [UInt8] {
        Array(try #require(Data(base64Encoded: String(line.split(separator: " ")[1]))))
    }

    @Test func aPinnedKeyPassesAndAnotherPortOrKeyDoesNot() throws {
        let sshd = try Fixtures.sshd()
        let key = try blob(try Fixtures.hostKeyLine())
        let logger = Logger(label: "test")
        try HostKeyCheck.verify(name: "the remote of shop", address: "127.0.0.1", port: sshd.port,
                                knownHosts: sshd.knownHostsPath, keyBlob: key, logger: logger)
        // known_hosts pins [127.0.0.1]:PORT only: port 22 is another server.
        let unknown = try #require(throws: SSHError.self) {
            try HostKeyCheck.verify(name: "the remote of shop", address: "127.0.0.1", port: 22,
                                    knownHosts: sshd.knownHostsPath, keyBlob: key, logger: logger)
        }
        #expect(unknown.kind == .hostKeyUnknown && unknown.host == "the remote of shop")
        #expect(unknown.message.contains("127.0.0.1 \(try Fixtures.hostKeyLine())"))

        let folder = try TemporaryDirectory()
        try Fixtures.sshKeygen(["-t", "ed25519", "-N", "", "-f", folder.path + "/other"])
        let other = try blob(try String(contentsOfFile: folder.path + "/other.pub", encoding: .utf8))
        let changed = try #require(throws: SSHError.self) {
            try HostKeyCheck.verify(name: "the remote of shop", address: "127.0.0.1", port: sshd.port,
                                    knownHosts: sshd.knownHostsPath, keyBlob: other, logger: logger)
        }
        #expect(changed.kind == .hostKeyChanged && changed.message.contains("HOST KEY CHANGED"))
    }

    @Test func garbageIsNotAKey() throws {
        let sshd = try Fixtures.sshd()
        let error = try #require(throws: SSHError.self) {
            try HostKeyCheck.verify(name: "r", address: "127.0.0.1", port: sshd.port, knownHosts: sshd.knownHostsPath,
                                    keyBlob: [0, 0, 0, 200, 1, 2], logger: Logger(label: "test"))
        }
        #expect(error.kind == .protocolFailure)
    }
}
