import Foundation
import GantrySSH
import GantryTestSupport
import Testing

/// ssh-agent authentication, with a private agent started (and stopped by PID) per test.
@Suite struct AgentTests {
    /// Starts `ssh-agent -D -a SOCKET`; returns its PID once the socket exists.
    private func startAgent(socket: String) throws -> pid_t {
        let pid = try TestSSHD.spawn("/usr/bin/ssh-agent", ["-D", "-a", socket], quiet: true)
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { usleep(20_000) }
        return pid
    }

    private func stopAgent(_ pid: pid_t) {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    @Test func agentKeyLogsIn() async throws {
        let folder = try TemporaryDirectory()
        let socket = folder.path + "/agent.sock"
        let agent = try startAgent(socket: socket)
        defer { stopAgent(agent) }
        let sshd = try Fixtures.sshd()
        let added = try TestSSHD.run("/bin/sh", ["-c", "SSH_AUTH_SOCK='\(socket)' ssh-add -q '\(sshd.identityPath)'"])
        #expect(added == 0)
        var target = try Fixtures.target()
        target.identity = nil
        target.agentSocket = socket
        let connection = try await SSHConnection.connect(to: target)
        let result = try await connection.run("echo via-agent")
        #expect(result.stdoutText == "via-agent\n")
    }

    @Test func emptyAgentIsAnAuthenticationRefusal() async throws {
        let folder = try TemporaryDirectory()
        let socket = folder.path + "/agent.sock"
        let agent = try startAgent(socket: socket)
        defer { stopAgent(agent) }
        var target = try Fixtures.target()
        target.identity = nil
        target.agentSocket = socket
        do {
            _ = try await SSHConnection.connect(to: target)
            Issue.record("logged in without any key")
        } catch let error as SSHError {
            #expect(error.kind == .authenticationRefused)
            #expect(error.message.contains("none of the 0 keys"))
        }
    }
}
