import Foundation
import GantrySSH
import GantryTestSupport
import Testing

@Suite struct HostKeyTests {
    private func expectRefusal(_ target: SSHTarget) async throws -> SSHError {
        try await Fixtures.refusal(target)
    }

    @Test func unknownHostKeyIsRefusedWithFingerprintAndLineToAdd() async throws {
        let folder = try TemporaryDirectory()
        let knownHosts = folder.path + "/known_hosts"
        try "".write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let sshd = try Fixtures.sshd()
        let error = try await expectRefusal(try Fixtures.target(knownHosts: knownHosts))
        #expect(error.kind == .hostKeyUnknown)
        #expect(error.severity == .infrastructure)
        #expect(error.operation == "verify host key")
        #expect(error.message.contains(try Fixtures.hostKeyFingerprint()))
        #expect(error.message.contains("[127.0.0.1]:\(sshd.port) \(try Fixtures.hostKeyLine())"))
        // The refusal must not have written anything (never accept-new).
        #expect(try String(contentsOfFile: knownHosts, encoding: .utf8).isEmpty)
    }

    @Test func missingKnownHostsFileIsAnUnknownHost() async throws {
        let folder = try TemporaryDirectory()
        let error = try await expectRefusal(try Fixtures.target(knownHosts: folder.path + "/absent"))
        #expect(error.kind == .hostKeyUnknown)
        #expect(error.message.contains("does not exist"))
    }

    @Test func changedHostKeyIsRefusedLoudly() async throws {
        let folder = try TemporaryDirectory()
        try Fixtures.sshKeygen(["-t", "ed25519", "-N", "", "-f", folder.path + "/other"])
        let other = try String(contentsOfFile: folder.path + "/other.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let sshd = try Fixtures.sshd()
        let knownHosts = folder.path + "/known_hosts"
        try "[127.0.0.1]:\(sshd.port) \(other)\n".write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let error = try await expectRefusal(try Fixtures.target(knownHosts: knownHosts))
        #expect(error.kind == .hostKeyChanged)
        #expect(error.message.hasPrefix("HOST KEY CHANGED"))
        #expect(error.message.contains(try Fixtures.hostKeyFingerprint()))
    }

    @Test func hostKeyIsCheckedBeforeTheClientKey() async throws {
        let folder = try TemporaryDirectory()
        try Fixtures.sshKeygen(["-t", "ed25519", "-N", "", "-f", folder.path + "/stranger"])
        try "".write(toFile: folder.path + "/known_hosts", atomically: true, encoding: .utf8)
        let target = try Fixtures.target(identity: folder.path + "/stranger", knownHosts: folder.path + "/known_hosts")
        let error = try await expectRefusal(target)
        #expect(error.kind == .hostKeyUnknown)
    }

    @Test func bareHostLineDoesNotMatchAnotherPort() async throws {
        let folder = try TemporaryDirectory()
        let knownHosts = folder.path + "/known_hosts"
        try "127.0.0.1 \(try Fixtures.hostKeyLine())\n".write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let error = try await expectRefusal(try Fixtures.target(knownHosts: knownHosts))
        #expect(error.kind == .hostKeyUnknown)
    }

    @Test func hashedKnownHostsEntriesMatch() async throws {
        let folder = try TemporaryDirectory()
        let knownHosts = folder.path + "/known_hosts"
        try FileManager.default.copyItem(atPath: try Fixtures.sshd().knownHostsPath, toPath: knownHosts)
        try Fixtures.sshKeygen(["-H", "-f", knownHosts])
        let hashed = try String(contentsOfFile: knownHosts, encoding: .utf8)
        #expect(hashed.hasPrefix("|1|"))
        let connection = try await Fixtures.connect(try Fixtures.target(knownHosts: knownHosts))
        let result = try await connection.run("echo hashed")
        #expect(result.stdoutText == "hashed\n")
    }

    @Test func closedPortIsConnectionRefused() async throws {
        let port = Fixtures.closedPort()
        let error = try await expectRefusal(try Fixtures.target(name: "gone", port: port))
        #expect(error.kind == .connectionRefused)
        #expect(error.host == "gone")
        #expect(error.description.hasPrefix("gone: connect to 127.0.0.1:\(port): "))
    }
}
