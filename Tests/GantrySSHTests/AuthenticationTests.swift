import Foundation
import GantrySSH
import GantryTestSupport
import Testing

@Suite struct AuthenticationTests {
    private func refusal(identity: String) async throws -> SSHError? {
        do {
            _ = try await SSHConnection.connect(to: try Fixtures.target(identity: identity))
            return nil
        } catch let error as SSHError {
            return error
        }
    }

    @Test func wrongClientKeyIsRefused() async throws {
        let folder = try TemporaryDirectory()
        try Fixtures.sshKeygen(["-t", "ed25519", "-N", "", "-f", folder.path + "/stranger"])
        let error = try #require(try await refusal(identity: folder.path + "/stranger"))
        #expect(error.kind == .authenticationRefused)
        #expect(error.message.contains("did not accept ssh-ed25519 key"))
    }

    @Test func rsaKeyIsRefusedWithAnExplanation() async throws {
        let folder = try TemporaryDirectory()
        try Fixtures.sshKeygen(["-t", "rsa", "-b", "2048", "-N", "", "-f", folder.path + "/id_rsa"])
        // Even an authorised RSA key fails: libssh2 1.10 can only sign with SHA-1.
        let sshd = try Fixtures.sshd()
        let publicKey = try String(contentsOfFile: folder.path + "/id_rsa.pub", encoding: .utf8)
        let handle = try #require(FileHandle(forWritingAtPath: sshd.authorizedKeysPath))
        handle.seekToEndOfFile()
        handle.write(Data(publicKey.utf8))
        handle.closeFile()
        let error = try #require(try await refusal(identity: folder.path + "/id_rsa"))
        #expect(error.kind == .authenticationRefused)
        #expect(error.message.contains("is an RSA key"))
        #expect(error.message.contains("SHA-1"))
        #expect(error.message.contains("ed25519"))
    }

    @Test func missingIdentityFileIsNamed() async throws {
        let error = try #require(try await refusal(identity: "/nonexistent/key"))
        #expect(error.kind == .authenticationRefused)
        #expect(error.message.contains("/nonexistent/key does not exist"))
    }

    @Test func encryptedECDSAKeyWithPassphraseFromEnvironment() async throws {
        let folder = try TemporaryDirectory()
        let passphrase = "correct horse"
        try Fixtures.sshKeygen(["-t", "ecdsa", "-b", "256", "-N", passphrase, "-f", folder.path + "/id_ecdsa"])
        let sshd = try Fixtures.sshd()
        let handle = try #require(FileHandle(forWritingAtPath: sshd.authorizedKeysPath))
        handle.seekToEndOfFile()
        handle.write(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/id_ecdsa.pub")))
        handle.closeFile()
        // Other tests use unencrypted keys, for which libssh2 ignores the passphrase.
        setenv("GANTRY_SSH_PASSPHRASE", passphrase, 1)
        let connection = try await Fixtures.connect(try Fixtures.target(identity: folder.path + "/id_ecdsa"))
        let result = try await connection.run("echo ecdsa")
        #expect(result.stdoutText == "ecdsa\n")
    }
}
