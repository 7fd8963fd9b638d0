import Foundation
import GantryTestSupport
import Logging
import Synchronization
import Testing
@testable import GantrySSH

/// known_hosts as strict as OpenSSH, against the real test sshd: revoked keys, certificate
/// authorities, unusable lines, and a server that offers another key type than the one pinned.
@Suite struct KnownHostsRulesTests {
    /// A known_hosts file in its own folder, and the test server's name in it.
    struct File {
        let folder: TemporaryDirectory
        let path: String
        let name: String

        init(_ lines: [String]) throws {
            folder = try TemporaryDirectory()
            path = folder.path + "/known_hosts"
            name = "[127.0.0.1]:\(try Fixtures.sshd().port)"
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// "ssh-ed25519 AAAA…" of a fresh key (not the server's).
    static func otherKey(_ type: String = "ed25519") throws -> (line: String, fingerprint: String) {
        let folder = try TemporaryDirectory()
        try Fixtures.sshKeygen(["-t", type, "-N", "", "-f", folder.path + "/key"])
        let text = try String(contentsOfFile: folder.path + "/key.pub", encoding: .utf8)
        let result = try ChildProcess.run("/usr/bin/ssh-keygen", ["-lf", folder.path + "/key.pub"])
        return (text.split(separator: " ").prefix(2).joined(separator: " "), result.stdout.split(separator: " ")[1].description)
    }

    private func connect(_ file: File, logs: LogRecorder = LogRecorder()) async throws -> SSHConnection {
        try await SSHConnection.connect(to: try Fixtures.target(knownHosts: file.path), logger: logs.logger)
    }

    private func refusal(_ file: File, logs: LogRecorder = LogRecorder()) async throws -> SSHError {
        try await Fixtures.refusal(try Fixtures.target(knownHosts: file.path), logger: logs.logger)
    }

    @Test func aRevokedKeyIsRefusedEvenWhenAnotherLinePinsIt() async throws {
        let key = try Fixtures.hostKeyLine()
        let file = try File(["# the host's key", "[127.0.0.1]:\(try Fixtures.sshd().port) \(key)", "@revoked * \(key)"])
        let error = try await refusal(file)
        #expect(error.kind == .hostKeyRevoked)
        #expect(error.severity == .infrastructure)
        #expect(error.message.hasPrefix("REVOKED HOST KEY for \(file.name): the server presents ssh-ed25519 key "
            + "\(try Fixtures.hostKeyFingerprint()), which \(file.path):3 marks @revoked."), "\(error.message)")
    }

    @Test func aRevokedLineForOtherHostsOrOtherKeysDoesNotRefuse() async throws {
        let key = try Fixtures.hostKeyLine()
        let file = try File(["[127.0.0.1]:\(try Fixtures.sshd().port) \(key)", "@revoked [10.9.9.9]:22 \(key)",
                             "@revoked * \(try Self.otherKey().line)"])
        let connection = try await connect(file)
        #expect(try await connection.run("echo ok").stdoutText == "ok\n")
        connection.close()
    }

    @Test func unusableLinesAreSkippedWithOneWarningEach() async throws {
        let key = try Fixtures.hostKeyLine()
        let port = try Fixtures.sshd().port
        let file = try File([
            "garbage",
            "[127.0.0.1]:\(port) ssh-ed25519 !!!not-base64!!!",
            "@bogus [127.0.0.1]:\(port) \(key)",
            "|1|bad-salt|bad-hash \(key)",
            "[127.0.0.1]:\(port) 2048 35 1234567",
            "[127.0.0.1]:\(port) ecdsa-sha2-nistp256 \(key.split(separator: " ")[1])",
            "[127.0.0.1]:\(port) \(key)",
        ])
        let logs = LogRecorder()
        for _ in 0..<2 {
            let connection = try await connect(file, logs: logs)
            #expect(try await connection.run("echo ok").stdoutText == "ok\n")
            connection.close()
        }
        let warnings = logs.messages(.warning)
        let expected = [
            "\(file.path):1: line skipped: expected '[marker] hosts key-type key', found 1 field",
            "\(file.path):2: line skipped: the ssh-ed25519 key is not valid base64 of an SSH public key",
            "\(file.path):3: line skipped: unknown marker '@bogus' (known: @revoked, @cert-authority)",
            "\(file.path):4: line skipped: '|1|bad-salt|bad-hash…' is not a hashed host name of the form |1|salt|hash",
            "\(file.path):5: line skipped: an SSH protocol 1 RSA key (bits, exponent, modulus), which SSH 2 cannot use",
            "\(file.path):6: line skipped: the key is of type ssh-ed25519 but the line says ecdsa-sha2-nistp256",
        ]
        #expect(warnings == expected + expected, "one warning per line and connection, the same text each time")
    }

    @Test func aCertificateAuthorityLineIsIgnoredWithAWarning() async throws {
        let file = try File(["@cert-authority * \(try Self.otherKey().line)",
                             "[127.0.0.1]:\(try Fixtures.sshd().port) \(try Fixtures.hostKeyLine())"])
        let logs = LogRecorder()
        let connection = try await connect(file, logs: logs)
        connection.close()
        #expect(logs.messages(.warning) == [
            "\(file.path):1: @cert-authority line ignored: Gantry checks pinned host keys, not host certificates",
        ])
    }

    @Test func aHostWithOnlyACertificateAuthorityIsRefusedSayingSo() async throws {
        let file = try File(["@cert-authority [127.0.0.1]:* \(try Self.otherKey().line)"])
        let error = try await refusal(file)
        #expect(error.kind == .hostKeyUnknown)
        #expect(error.message.hasPrefix("unknown host key: \(file.path) has only a @cert-authority line for "
            + "\(file.name) (line 1), and Gantry does not support host certificates."), "\(error.message)")
        #expect(error.message.contains("\(file.name) \(try Fixtures.hostKeyLine())"))
    }

    @Test func anotherKeyTypeOnFileIsExplainedWithBothFingerprints() async throws {
        let ecdsa = try Self.otherKey("ecdsa")
        let file = try File(["[127.0.0.1]:\(try Fixtures.sshd().port) \(ecdsa.line)"])
        let error = try await refusal(file)
        #expect(error.kind == .hostKeyUnknown)
        #expect(error.message.hasPrefix("known_hosts has an ECDSA key for \(file.name) but the server offers an ED25519 "
            + "key (ssh-ed25519 \(try Fixtures.hostKeyFingerprint())); on file: \(file.path):1 ecdsa-sha2-nistp256 "
            + "\(ecdsa.fingerprint)."), "\(error.message)")
        #expect(!error.message.contains("libssh2"))
    }

    @Test func aKnownHostsFileThatCannotBeReadRefusesItsHosts() async throws {
        let folder = try TemporaryDirectory()
        let error = try await Fixtures.refusal(try Fixtures.target(knownHosts: folder.path))
        #expect(error.kind == .hostKeyUnknown)
        #expect(error.operation == "read known_hosts")
        #expect(error.message == "cannot read \(folder.path): not a regular file")
    }

    @Test func pinnedKeyTypesAreAskedForFirstAndTheOthersAfter() throws {
        let port = try Fixtures.sshd().port
        let file = try File(["[127.0.0.1]:\(port) \(try Self.otherKey("ecdsa").line)", "@revoked * \(try Self.otherKey().line)"])
        let pinned = try KnownHosts(target: try Fixtures.target(knownHosts: file.path), logger: LogRecorder().logger)
        #expect(pinned.preferredMethods == "ecdsa-sha2-nistp256,ssh-ed25519,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"
            + "rsa-sha2-512,rsa-sha2-256,ssh-rsa")
        let nothing = try KnownHosts(target: try Fixtures.target(port: port + 1, knownHosts: file.path), logger: LogRecorder().logger)
        #expect(nothing.preferredMethods.hasPrefix("ssh-ed25519,ecdsa-sha2-nistp256,"))
    }

    @Test func patternsAndNegationFollowOpenSSH() async throws {
        let key = try Fixtures.hostKeyLine()
        let port = try Fixtures.sshd().port
        let wildcard = try File(["web-?,[127.0.0.*]:\(port) \(key)"])
        try await connect(wildcard).close()
        let negated = try File(["*,![127.0.0.1]:\(port) \(key)"])
        #expect(try await refusal(negated).kind == .hostKeyUnknown)
        let upper = try File(["[127.0.0.1]:\(port) \(key)".uppercased().replacingOccurrences(of: key.uppercased(), with: key)])
        try await connect(upper).close()
    }
}

/// Keeps what a `Logger` receives, for tests.
final class LogRecorder: Sendable {
    private let records = Mutex<[(Logger.Level, String)]>([])

    var logger: Logger {
        Logger(label: "test") { _ in Handler(recorder: self) }
    }

    func messages(_ level: Logger.Level) -> [String] {
        records.withLock { $0.filter { $0.0 == level }.map(\.1) }
    }

    fileprivate func add(_ level: Logger.Level, _ message: String) { records.withLock { $0.append((level, message)) } }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) { recorder.add(event.level, event.message.description) }
    }
}
