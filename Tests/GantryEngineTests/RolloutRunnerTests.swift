import Foundation
import GantryShell
import Testing
import GantryGates
@testable import GantryEngine

/// Connections from a table; a missing host is unreachable.
struct MemoryConnections: ConnectionProvider {
    struct Unreachable: Error, CustomStringConvertible {
        let host: String
        var description: String { "\(host): connection refused" }
    }
    let table: [String: MemoryConnection]
    func connection(to host: String) async throws -> any RemoteConnection {
        guard let connection = table[host] else { throw Unreachable(host: host) }
        return connection
    }
}

@Suite struct RolloutRunnerTests {
    let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))

    func runner(_ table: [String: MemoryConnection]) -> RolloutRunner {
        RolloutRunner(connections: MemoryConnections(table: table), clock: clock, sink: { _ in })
    }

    func steps(_ host: String) -> [ResolvedStep] { [ResolvedStep.command("switch", "switch \(host)")] }

    func rollback(_ host: String) -> [ResolvedStep] { [ResolvedStep.command("rollback", "back \(host)")] }

    @Test func batchesSplitHostsInOrder() {
        let plan = RolloutPlan(hosts: ["a", "b", "c", "d", "e"], batchSize: 2, parallel: 10, haltOnFailure: true)
        #expect(plan.batches == [["a", "b"], ["c", "d"], ["e"]])
    }

    @Test func failureInSecondBatchHaltsAndRollsBackTheChangedHosts() async {
        let hosts = ["a", "b", "c", "d"]
        var table: [String: MemoryConnection] = [:]
        for host in hosts { table[host] = MemoryConnection() }
        table["c"]!.responder = { _ in .init(result: RemoteResult(exitStatus: 1)) }
        let plan = RolloutPlan(hosts: hosts, batchSize: 1, parallel: 1, haltOnFailure: true)
        let report = await runner(table).run(plan, steps: steps, rollbackSteps: rollback)
        #expect(report.halted)
        #expect(report.hosts(in: .succeeded) == ["a", "b"])
        #expect(report.hosts(in: .failed) == ["c"])
        #expect(report.hosts(in: .untouched) == ["d"])
        #expect(table["a"]!.commands == ["switch a", "back a"])
        #expect(table["c"]!.commands == ["switch c", "back c"])
        #expect(table["d"]!.commands.isEmpty)
    }

    @Test func withoutHaltEveryBatchRunsAndNothingIsRolledBack() async {
        var table: [String: MemoryConnection] = [:]
        for host in ["a", "b", "c"] { table[host] = MemoryConnection() }
        table["a"]!.responder = { _ in .init(result: RemoteResult(exitStatus: 1)) }
        let plan = RolloutPlan(hosts: ["a", "b", "c"], batchSize: 1, parallel: 1, haltOnFailure: false)
        let report = await runner(table).run(plan, steps: steps, rollbackSteps: rollback)
        #expect(!report.halted)
        #expect(report.hosts(in: .failed) == ["a"])
        #expect(report.hosts(in: .succeeded) == ["b", "c"])
        #expect(report.rollbackOutcomes.isEmpty)
    }

    @Test func anUnreachableHostIsErroredAndNotRolledBack() async {
        let table = ["a": MemoryConnection()]
        let plan = RolloutPlan(hosts: ["a", "b"], batchSize: 2, parallel: 2, haltOnFailure: true)
        let report = await runner(table).run(plan, steps: steps, rollbackSteps: rollback)
        #expect(report.errored)
        #expect(report.hosts(in: .errored) == ["b"])
        #expect(report.outcomes.first { $0.host == "b" }?.note == "b: connection refused")
        #expect(table["a"]!.commands == ["switch a", "back a"])
    }

    @Test func aHaltWithNoHostChangedAnnouncesNoRollback() async {
        let events = Locked<[RolloutEvent]>([])
        let runner = RolloutRunner(connections: MemoryConnections(table: ["b": MemoryConnection()]), clock: clock,
                                   sink: { event in events.withLock { $0.append(event) } })
        let plan = RolloutPlan(hosts: ["a", "b"], batchSize: 1, parallel: 1, haltOnFailure: true)
        let report = await runner.run(plan, steps: steps, rollbackSteps: rollback)
        #expect(report.halted)
        #expect(report.hosts(in: .errored) == ["a"])
        #expect(report.rollbackOutcomes.isEmpty)
        #expect(!events.current.contains { if case .rollbackStarted = $0 { true } else { false } })
        #expect(events.current.contains { if case .batchStarted = $0 { true } else { false } })
    }

    @Test func parallelismIsBounded() async {
        final class Gauge: Sendable {
            private let state = Locked((now: 0, peak: 0))
            var peak: Int { state.current.peak }
            func enter() { state.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) } }
            func leave() { state.withLock { $0.now -= 1 } }
        }
        final class SlowConnection: RemoteConnection, @unchecked Sendable {
            let gauge: Gauge
            init(_ gauge: Gauge) { self.gauge = gauge }
            func run(_ command: RemoteCommand, shouldStop: (@Sendable () -> Bool)?,
                     onLine: @escaping @Sendable (OutputChannel, String) -> Void) async throws -> RemoteResult {
                gauge.enter(); defer { gauge.leave() }
                try await Task.sleep(for: .milliseconds(20))
                return RemoteResult(exitStatus: 0)
            }
            func upload(_ bytes: [UInt8], to path: String, mode: Int, timeout: TimeInterval?,
                        onLine: @escaping @Sendable (OutputChannel, String) -> Void) async throws -> RemoteResult {
                RemoteResult(exitStatus: 0)
            }
        }
        struct Slow: ConnectionProvider {
            let gauge: Gauge
            func connection(to host: String) async throws -> any RemoteConnection { SlowConnection(gauge) }
        }
        let gauge = Gauge()
        let hosts = (1...12).map { "h\($0)" }
        let runner = RolloutRunner(connections: Slow(gauge: gauge), clock: clock, sink: { _ in })
        let report = await runner.run(RolloutPlan(hosts: hosts, batchSize: 12, parallel: 3, haltOnFailure: true),
                                      steps: steps, rollbackSteps: rollback)
        #expect(report.succeeded)
        #expect(gauge.peak <= 3)
        #expect(gauge.peak >= 2)
    }

    @Test func aSignalStopsTheRolloutAndRollsBackTheHostsAlreadyChanged() async {
        var table: [String: MemoryConnection] = [:]
        for host in ["a", "b", "c"] { table[host] = MemoryConnection() }
        table["b"]!.responder = { command in command == "switch b" ? .init(runsUntilStopped: true) : .init() }
        let stop = Interruption()
        let runner = RolloutRunner(connections: MemoryConnections(table: table), clock: clock, stop: stop, sink: { _ in })
        let plan = RolloutPlan(hosts: ["a", "b", "c"], batchSize: 1, parallel: 1, haltOnFailure: true)
        async let running = runner.run(plan, steps: steps, rollbackSteps: rollback)
        while table["b"]!.commands.isEmpty { try? await Task.sleep(for: .milliseconds(5)) }
        stop.request(signal: SIGINT)
        let report = await running
        #expect(report.interrupted)
        #expect(!report.succeeded)
        #expect(report.hosts(in: .succeeded) == ["a"])
        #expect(report.hosts(in: .interrupted) == ["b"])
        #expect(report.hosts(in: .untouched) == ["c"])
        // Rollback runs even though the stop was requested: it is what a clean stop does.
        #expect(table["a"]!.commands == ["switch a", "back a"])
        #expect(table["b"]!.commands == ["switch b", "back b"])
        #expect(table["c"]!.commands.isEmpty)
    }

    @Test func aRunOnceFirstHostThatCannotConnectNeverLeavesTheOthersWaiting() async {
        // "a" is missing from the table: it cannot be reached. Nothing may hang.
        let table = ["b": MemoryConnection(), "c": MemoryConnection()]
        let plan = RolloutPlan(hosts: ["a", "b", "c"], batchSize: 3, parallel: 3, haltOnFailure: true)
        let report = await runner(table).run(plan, steps: { _ in [ResolvedStep.command("migrate", "migrate", runOnce: true),
                                                                  ResolvedStep.command("switch", "switch")] },
                                             rollbackSteps: rollback)
        #expect(report.hosts(in: .errored) == ["a"])
        #expect(report.hosts(in: .failed) == ["b", "c"])
        #expect(table["b"]!.commands.isEmpty && table["c"]!.commands.isEmpty)
    }
}
