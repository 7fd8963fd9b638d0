import Foundation
import GantrySSH
import GantryTestSupport
import Testing

@Suite struct RolloutTests {
    @Test func hundredCommandsInParallel() async throws {
        let hosts = try Fixtures.aliasTargets(100, prefix: "par")
        let pool = SSHConnectionPool()
        let streamed = LineRecorder()
        let (report, results) = await Rollout.runCommand(
            "echo $SSH_CONNECTION | cut -d' ' -f3", on: hosts, options: RolloutOptions(parallel: 100), pool: pool,
            onLine: { _, line in streamed.record(line) })
        await pool.closeAll()
        #expect(report.allSucceeded)
        #expect(report.succeeded.count == 100)
        #expect(results.count == 100)
        // Each host answered on its own address: 127.0.0.2 … 127.0.0.101.
        #expect(Set(results.values.map(\.stdoutText)).count == 100)
        #expect(results["par-7"]?.stdoutText == "127.0.0.8\n")
        #expect(streamed.lines.count == 100)
    }

    @Test func rollingBatchesHaltAfterTheFirstFailingBatch() async throws {
        let hosts = try Fixtures.aliasTargets(7, prefix: "web")
        let pool = SSHConnectionPool()
        let report = await Rollout.run(hosts: hosts, options: RolloutOptions(parallel: 2, batchSize: 2), pool: pool) { connection in
            let command = connection.target.name == "web-3" ? "echo broken >&2; exit 7" : "true"
            let result = try await connection.run(command)
            return result.succeeded ? .success : .failure(result.failureSummary + ": " + result.stderrText)
        }
        await pool.closeAll()
        #expect(report.succeeded == ["web-1", "web-2", "web-4"])
        #expect(report.failed.map(\.host) == ["web-3"])
        #expect(report.failed.first?.reason == "exit 7: broken\n")
        #expect(report.untouched == ["web-5", "web-6", "web-7"])
        #expect(report.haltedAfterBatch == 2)
        #expect(!report.hasInfrastructureFailure)
    }

    @Test func unreachableHostIsReportedAndHaltsTheRollout() async throws {
        var hosts = try Fixtures.aliasTargets(4, prefix: "db")
        hosts[1].port = Fixtures.closedPort()
        let pool = SSHConnectionPool()
        let report = await Rollout.run(hosts: hosts, options: RolloutOptions(batchSize: 2), pool: pool) { connection in
            try await connection.run("true").succeeded ? .success : .failure("true failed")
        }
        await pool.closeAll()
        #expect(report.succeeded == ["db-1"])
        #expect(report.unreachable.map(\.host) == ["db-2"])
        #expect(report.unreachable.first?.error.kind == .connectionRefused)
        #expect(report.untouched == ["db-3", "db-4"])
        #expect(report.hasInfrastructureFailure)
    }

    @Test func withoutHaltEveryBatchRuns() async throws {
        let hosts = try Fixtures.aliasTargets(4, prefix: "q")
        let pool = SSHConnectionPool()
        let report = await Rollout.run(
            hosts: hosts, options: RolloutOptions(batchSize: 1, haltOnFailure: false), pool: pool
        ) { connection in connection.target.name == "q-1" ? .failure("no") : .success }
        await pool.closeAll()
        #expect(report.failed.map(\.host) == ["q-1"])
        #expect(report.succeeded == ["q-2", "q-3", "q-4"])
        #expect(report.untouched.isEmpty)
        #expect(report.haltedAfterBatch == nil)
    }

    @Test func poolReusesOneConnectionPerHostAcrossSteps() async throws {
        let hosts = try Fixtures.aliasTargets(3, prefix: "reuse")
        let pool = SSHConnectionPool()
        let first = await Rollout.runCommand("echo $SSH_CONNECTION", on: hosts, pool: pool)
        let second = await Rollout.runCommand("echo $SSH_CONNECTION", on: hosts, pool: pool)
        await pool.closeAll()
        #expect(first.report.allSucceeded && second.report.allSucceeded)
        for host in hosts {
            #expect(first.results[host.name]?.stdoutText == second.results[host.name]?.stdoutText)
        }
    }
}
