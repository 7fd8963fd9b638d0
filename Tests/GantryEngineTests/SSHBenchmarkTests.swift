import Foundation
import GantryGates
import GantryModel
import GantryShell
import GantryStore
import GantryTestSupport
import Testing
@testable import GantryEngine

/// Gantry's SSH fan-out, through the paths deployments really take, against the OpenSSH client
/// driven by `xargs -P`, on the test sshd.
///
/// (a) is `Engine.exec` (pre-flight-free, one walk over the hosts); (b) is `Engine.deploy` with
/// five steps (pre-flight, rollout, step results stored as they end). Run with
/// `scripts/bench-ssh` (sets GANTRY_BENCH=1); skipped in normal test runs because it takes a
/// minute and its figures only mean something on an idle machine.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["GANTRY_BENCH"] == "1"), .serialized)
struct SSHBenchmarkTests {
    static let hostCount = 100
    static let parallel = 50
    static let rounds = Int(ProcessInfo.processInfo.environment["GANTRY_BENCH_ROUNDS"] ?? "") ?? 5
    static let steps = ["true", "echo step2", "uname -r", "test -d /tmp", "date +%s"]

    @Test func fanOutAgainstOpenSSH() async throws {
        let sshd = try TestSSHD.shared()
        let aliases = sshd.hostAliases(Self.hostCount, prefix: "bench")
        let addresses = aliases.map(\.address).joined(separator: "\n")
        let ssh = "ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=yes -o ControlMaster=no "
            + "-o UserKnownHostsFile=\(sshd.aliasKnownHostsPath) -i \(sshd.identityPath) -p \(sshd.port) "
        func xargs(_ remote: String) -> String {
            "printf '%s\\n' \(ShellQuote.quote(addresses)) | xargs -P \(Self.parallel) -I{} \(ssh) \(sshd.user)@{} \(ShellQuote.quote(remote))"
        }
        let project = try BenchProject(sshd: sshd, aliases: aliases, steps: Self.steps)

        let gantryTrue = try await median { try await project.exec("true") }
        let opensshTrue = try await median { try shell(xargs("true")) }
        let gantrySteps = try await median { try await project.deploy() }
        let opensshSteps = try await median { for step in Self.steps { try shell(xargs(step)) } }
        let opensshJoined = try await median { try shell(xargs(Self.steps.joined(separator: " && "))) }

        let table = """
            | scenario (\(Self.hostCount) hosts, parallel \(Self.parallel), median of \(Self.rounds)) | time |
            |---|---|
            | (a) `gantry exec -- true` path: every host (connect included) | \(format(gantryTrue)) |
            | (a) OpenSSH `xargs -P \(Self.parallel)`: one ssh per host | \(format(opensshTrue)) |
            | (b) `gantry deploy` path: pre-flight + 5 steps, step results stored | \(format(gantrySteps)) |
            | (b) OpenSSH: one ssh per command (5 × \(Self.hostCount) ssh) | \(format(opensshSteps)) |
            | (b) OpenSSH: one ssh per host, 5 commands joined by && (lower bound) | \(format(opensshJoined)) |

            (a) OpenSSH / Gantry = \(ratio(opensshTrue, gantryTrue))× (target ≥ 1.25×)
            (b) Gantry / joined lower bound = \(ratio(gantrySteps, opensshJoined))× (target ≤ 1.3×)
            """
        print("GANTRY-BENCH\n" + table)
        #expect(gantryTrue < opensshTrue)
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

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func format(_ duration: Duration) -> String { String(format: "%.2f s", seconds(duration)) }
    private func ratio(_ a: Duration, _ b: Duration) -> String { String(format: "%.2f", seconds(a) / seconds(b)) }
}

/// A pipeline of `hosts` aliases of the test sshd with `steps`, a real store and a recorded artifact.
private struct BenchProject {
    let dir: TemporaryDirectory
    let store: StateStore
    let pipeline: Pipeline

    init(sshd: TestSSHD, aliases: [TestSSHD.HostAlias], steps: [String]) throws {
        dir = try TemporaryDirectory()
        let hosts = aliases.map { "  \($0.name): { address: \($0.address), port: \(sshd.port), user: \(sshd.user) }" }
        let stepLines = steps.enumerated().map { "  - { name: s\($0.offset + 1), run: \"\($0.element)\" }" }
        let yaml = """
            version: 1
            name: bench
            hosts:
            \(hosts.joined(separator: "\n"))
            ssh: { identity: \(sshd.identityPath), known_hosts: \(sshd.aliasKnownHostsPath), parallel: \(SSHBenchmarkTests.parallel) }
            environments:
              all: { hosts: [\(aliases.map(\.name).joined(separator: ", "))] }
            steps:
            \(stepLines.joined(separator: "\n"))
            """
        let folder = dir.url.appendingPathComponent("pipelines")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try yaml.write(to: folder.appendingPathComponent("bench.yml"), atomically: true, encoding: .utf8)
        let set = try PipelineSet.load(directory: folder.path)
        guard set.diagnostics.isEmpty else { throw TestSSHDError(set.diagnostics.map { "\($0)" }.joined(separator: "\n")) }
        pipeline = try set.pipeline(named: "bench")
        store = try StateStore.open(path: dir.url.appendingPathComponent(".gantry/state.db").path)
        _ = try store.recordArtifact(Artifact(pipeline: "bench", tag: "b1", commit: String(repeating: "b", count: 40),
                                              builtBy: "bench", builtAt: Date()))
    }

    var engine: Engine { Engine(store: store, actor: "bench") }

    func exec(_ command: String) async throws {
        let result = try await engine.exec(pipeline, environment: "all", command: command)
        guard result.severity == nil else { throw TestSSHDError("exec failed: \(result.summary)") }
    }

    func deploy() async throws {
        let result = try await engine.deploy(pipeline, to: "all", artifact: "b1")
        guard result.outcome == .succeeded else { throw TestSSHDError("deploy failed: \(result.message)") }
    }
}
