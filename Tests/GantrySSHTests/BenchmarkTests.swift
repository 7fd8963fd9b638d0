import Foundation
import GantrySSH
import GantryTestSupport
import Testing

/// Gantry's SSH fan-out against the OpenSSH client driven by `xargs -P`, on the test sshd.
///
/// Run with `scripts/bench-ssh` (sets GANTRY_BENCH=1); skipped in normal test runs because it
/// takes a minute and its figures only mean something on an idle machine.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["GANTRY_BENCH"] == "1"), .serialized)
struct BenchmarkTests {
    static let hostCount = 100
    static let parallel = 50
    static let rounds = Int(ProcessInfo.processInfo.environment["GANTRY_BENCH_ROUNDS"] ?? "") ?? 5
    static let steps = ["true", "echo step2", "uname -r", "test -d /tmp", "date +%s"]

    @Test func fanOutAgainstOpenSSH() async throws {
        let sshd = try Fixtures.sshd()
        let hosts = try Fixtures.aliasTargets(Self.hostCount, prefix: "bench")
        let addresses = hosts.map(\.address).joined(separator: "\n")
        let ssh = "ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=yes -o ControlMaster=no "
            + "-o UserKnownHostsFile=\(sshd.aliasKnownHostsPath) -i \(sshd.identityPath) -p \(sshd.port) "
        func xargs(_ remote: String) -> String {
            "printf '%s\\n' \(ShellWords.quote(addresses)) | xargs -P \(Self.parallel) -I{} \(ssh) \(sshd.user)@{} \(ShellWords.quote(remote))"
        }

        let gantryTrue = try await median { try await gantry(hosts, steps: ["true"]) }
        let opensshTrue = try median { try shell(xargs("true")) }
        let gantrySteps = try await median { try await gantry(hosts, steps: Self.steps) }
        let opensshSteps = try median { for step in Self.steps { try shell(xargs(step)) } }
        let opensshJoined = try median { try shell(xargs(Self.steps.joined(separator: " && "))) }

        let table = """
            | scenario (\(Self.hostCount) hosts, parallel \(Self.parallel), median of \(Self.rounds)) | time |
            |---|---|
            | (a) Gantry: `true` on every host (connect included) | \(format(gantryTrue)) |
            | (a) OpenSSH `xargs -P \(Self.parallel)`: one ssh per host | \(format(opensshTrue)) |
            | (b) Gantry: 5 steps, one pooled connection per host | \(format(gantrySteps)) |
            | (b) OpenSSH: one ssh per command (5 × 100 ssh) | \(format(opensshSteps)) |
            | (b) OpenSSH: one ssh per host, 5 commands joined by && (lower bound) | \(format(opensshJoined)) |

            (a) OpenSSH / Gantry = \(ratio(opensshTrue, gantryTrue))× (target ≥ 1.25×)
            (b) Gantry / joined lower bound = \(ratio(gantrySteps, opensshJoined))× (target ≤ 1.3×)
            """
        print("GANTRY-BENCH\n" + table)
        #expect(gantryTrue < opensshTrue)
    }

    /// One rollout per step over a fresh pool: the first step pays for the connections.
    private func gantry(_ hosts: [SSHTarget], steps: [String]) async throws {
        let pool = SSHConnectionPool()
        for step in steps {
            let (report, _) = await Rollout.runCommand(step, on: hosts, options: RolloutOptions(parallel: Self.parallel), pool: pool)
            guard report.allSucceeded else { throw TestSSHDError("benchmark step \(step) failed: \(report.failed) \(report.unreachable)") }
        }
        await pool.closeAll()
    }

    private func shell(_ script: String) throws {
        let status = try TestSSHD.run("/bin/bash", ["-c", script])
        guard status == 0 else { throw TestSSHDError("benchmark shell exited \(status): \(script)") }
    }

    private func median(_ body: () async throws -> Void) async throws -> Duration {
        var times: [Duration] = []
        for _ in 0..<Self.rounds {
            let start = ContinuousClock.now
            try await body()
            times.append(ContinuousClock.now - start)
        }
        return times.sorted()[times.count / 2]
    }

    private func median(_ body: () throws -> Void) throws -> Duration {
        var times: [Duration] = []
        for _ in 0..<Self.rounds {
            let start = ContinuousClock.now
            try body()
            times.append(ContinuousClock.now - start)
        }
        return times.sorted()[times.count / 2]
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func format(_ duration: Duration) -> String { String(format: "%.2f s", seconds(duration)) }
    private func ratio(_ a: Duration, _ b: Duration) -> String { String(format: "%.2f", seconds(a) / seconds(b)) }
}

/// Single-quoting for the shell lines the benchmark builds.
private enum ShellWords {
    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
