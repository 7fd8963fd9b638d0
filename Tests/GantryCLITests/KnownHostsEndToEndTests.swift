import Foundation
import GantryTestSupport
import Testing

/// known_hosts rules through the real binary against the real sshd: a revoked key and a pinned
/// key of another type refuse with exit 4 and say why; an unusable line is skipped with one
/// warning, however many hosts use the file.
@Suite(.serialized) struct KnownHostsEndToEndTests {
    /// Lines for the hosts of ``DeployProject`` (127.0.0.2…5 on the test sshd), then `extra`.
    static func knownHosts(in folder: TemporaryDirectory, key: String? = nil, before: [String] = [],
                           after: [String] = []) throws -> String {
        let sshd = try TestSSHD.shared()
        let hostKey = try key ?? String(contentsOfFile: sshd.hostPublicKeyPath, encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let lines = before + (2...5).map { "[127.0.0.\($0)]:\(sshd.port) \(hostKey)" } + after
        let path = folder.path + "/known_hosts"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func hostKeyLine() throws -> String {
        try String(contentsOfFile: try TestSSHD.shared().hostPublicKeyPath, encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
    }

    @Test func aRevokedHostKeyRefusesTheDeploymentWithExitFour() throws {
        let folder = try TemporaryDirectory()
        let path = try Self.knownHosts(in: folder, after: ["@revoked * \(try Self.hostKeyLine())"])
        let project = try DeployProject(knownHosts: path)
        let tag = try project.build()
        let deploy = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(deploy.status == 4, "\(deploy.stdout)\n\(deploy.stderr)")
        let output = deploy.stdout + deploy.stderr
        #expect(output.contains("REVOKED HOST KEY for [127.0.0.2]:\(project.sshd.port)"), "\(output)")
        #expect(output.contains("which \(path):5 marks @revoked"), "\(output)")
        #expect(project.currentRelease("dev-1") == nil)
    }

    @Test func anotherKeyTypeOnFileRefusesWithExitFourAndSaysWhich() throws {
        let folder = try TemporaryDirectory()
        let keygen = try ChildProcess.run("/usr/bin/ssh-keygen", ["-q", "-t", "ecdsa", "-N", "", "-f", folder.path + "/ecdsa"])
        #expect(keygen.status == 0)
        let ecdsa = try String(contentsOfFile: folder.path + "/ecdsa.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let path = try Self.knownHosts(in: folder, key: ecdsa)
        let project = try DeployProject(knownHosts: path)
        let tag = try project.build()
        let deploy = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(deploy.status == 4, "\(deploy.stdout)\n\(deploy.stderr)")
        let output = deploy.stdout + deploy.stderr
        #expect(output.contains("known_hosts has an ECDSA key for [127.0.0.2]:\(project.sshd.port) but the server "
            + "offers an ED25519 key (ssh-ed25519 SHA256:"), "\(output)")
        #expect(!output.contains("Unable to exchange encryption keys") && !output.contains("libssh2 -5"))
    }

    @Test func anUnusableLineIsSkippedWithOneWarningForEveryHost() throws {
        let folder = try TemporaryDirectory()
        let path = try Self.knownHosts(in: folder, before: ["[127.0.0.3]:22 ssh-ed25519 truncated-by-a-bad-copy"])
        let project = try DeployProject(knownHosts: path)
        let exec = try project.gantry("exec", "shop", "production", "--", "echo", "reached")
        #expect(exec.status == 0, "\(exec.stdout)\n\(exec.stderr)")
        #expect(exec.stdout.contains("prod-1") && exec.stdout.contains("prod-2"))
        let warning = "gantry: warning: \(path):1: line skipped: the ssh-ed25519 key is not valid base64 of an SSH public key\n"
        #expect(exec.stderr.components(separatedBy: warning).count == 2, "once, not once per host: \(exec.stderr)")
    }
}
