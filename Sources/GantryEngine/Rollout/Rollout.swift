import Foundation
import GantryGates

/// Hands out one connection per host, reused by every step of a deployment.
public protocol ConnectionProvider: Sendable {
    func connection(to host: String) async throws -> any RemoteConnection
    /// Closes every connection handed out; called once the run is over.
    func closeAll() async
}

extension ConnectionProvider {
    /// Providers without connections of their own (in-memory twins) have nothing to close.
    public func closeAll() async {}
}

/// How a deployment's hosts are walked through.
public struct RolloutPlan: Sendable {
    /// Host names in rollout order.
    public var hosts: [String]
    /// Hosts per batch (at least 1).
    public var batchSize: Int
    /// At most this many hosts at once within a batch.
    public var parallel: Int
    /// Stop after the first batch with a failure.
    public var haltOnFailure: Bool

    public init(hosts: [String], batchSize: Int, parallel: Int, haltOnFailure: Bool) {
        self.hosts = hosts
        self.batchSize = max(1, batchSize)
        self.parallel = max(1, parallel)
        self.haltOnFailure = haltOnFailure
    }

    /// The hosts grouped into batches, in order.
    public var batches: [[String]] {
        stride(from: 0, to: hosts.count, by: batchSize).map { Array(hosts[$0..<min($0 + batchSize, hosts.count)]) }
    }
}

/// What a rollout did on every host.
public struct RolloutReport: Sendable {
    public enum HostState: String, Sendable, Codable {
        case succeeded, failed, errored, untouched
    }

    public var hostStates: [(host: String, state: HostState)]
    public var outcomes: [StepOutcome]
    public var rollbackOutcomes: [StepOutcome]
    /// True when the rollout stopped before every batch ran.
    public var halted: Bool

    public var succeeded: Bool { hostStates.allSatisfy { $0.state == .succeeded } }
    public var errored: Bool { hostStates.contains { $0.state == .errored } }

    public func hosts(in state: HostState) -> [String] { hostStates.filter { $0.state == state }.map(\.host) }
}

/// What a rollout reports while it runs.
public enum RolloutEvent: Sendable {
    case batchStarted(index: Int, of: Int, hosts: [String])
    /// One masked line of a host's output.
    case output(host: String, channel: OutputChannel, line: String)
    case stepFinished(StepOutcome)
    case rollbackStarted(hosts: [String])
}

/// Runs steps on every host in rolling batches; rolls back changed hosts when a batch halts.
public struct RolloutRunner: Sendable {
    public let connections: any ConnectionProvider
    public let secrets: [String]
    public let clock: any GantryClock
    public let sink: @Sendable (RolloutEvent) -> Void

    public init(connections: any ConnectionProvider, secrets: [String], clock: any GantryClock,
                sink: @escaping @Sendable (RolloutEvent) -> Void) {
        self.connections = connections
        self.secrets = secrets
        self.clock = clock
        self.sink = sink
    }

    /// Runs `steps(host)` on the plan's hosts; `rollbackSteps(host)` on touched hosts after a halt.
    public func run(_ plan: RolloutPlan,
                    steps: @escaping @Sendable (String) -> [ResolvedStep],
                    rollbackSteps: @escaping @Sendable (String) -> [ResolvedStep]) async -> RolloutReport {
        let barrier = OnceBarrier()
        let first = plan.hosts.first
        var states: [String: RolloutReport.HostState] = [:]
        var outcomes: [StepOutcome] = []
        var touched: [String] = []
        var halted = false

        for (index, batch) in plan.batches.enumerated() {
            sink(.batchStarted(index: index + 1, of: plan.batches.count, hosts: batch))
            let reports = await runBatch(batch, parallel: plan.parallel) { host, connection in
                await HostStepRunner(host: host, connection: connection, secrets: secrets, clock: clock, sink: sink)
                    .run(steps(host), isFirstHost: host == first, barrier: barrier)
            }
            var batchFailed = false
            for host in batch {
                let report = reports[host] ?? HostStepRunner.Report(outcomes: [])
                outcomes += report.outcomes
                if report.touched { touched.append(host) }
                let state: RolloutReport.HostState = report.errored ? .errored : (report.succeeded ? .succeeded : .failed)
                states[host] = state
                if state != .succeeded { batchFailed = true }
            }
            if batchFailed && plan.haltOnFailure {
                halted = plan.batches.last != batch
                break
            }
        }
        var rollback: [StepOutcome] = []
        if halted || (plan.haltOnFailure && states.values.contains { $0 != .succeeded }) {
            let rollbackHosts = plan.hosts.filter { touched.contains($0) }
            sink(.rollbackStarted(hosts: rollbackHosts))
            let reports = await runBatch(rollbackHosts, parallel: plan.parallel) { host, connection in
                await HostStepRunner(host: host, connection: connection, secrets: secrets, clock: clock, sink: sink)
                    .run(rollbackSteps(host), isFirstHost: true, barrier: OnceBarrier())
            }
            for host in rollbackHosts { rollback += reports[host]?.outcomes ?? [] }
        }
        return RolloutReport(hostStates: plan.hosts.map { ($0, states[$0] ?? .untouched) },
                             outcomes: outcomes, rollbackOutcomes: rollback, halted: halted)
    }

    /// Runs `body` for every host of a batch, at most `parallel` at once.
    private func runBatch(_ hosts: [String], parallel: Int,
                          body: @escaping @Sendable (String, any RemoteConnection) async -> HostStepRunner.Report)
        async -> [String: HostStepRunner.Report] {
        await withTaskGroup(of: (String, HostStepRunner.Report).self) { group in
            var results: [String: HostStepRunner.Report] = [:]
            var pending = hosts[...]
            func start(_ host: String) {
                group.addTask {
                    do {
                        let connection = try await connections.connection(to: host)
                        return (host, await body(host, connection))
                    } catch {
                        let now = clock.now()
                        return (host, HostStepRunner.Report(outcomes: [StepOutcome(
                            host: host, step: HostStepRunner.connectStep, status: .errored, attempts: 1, exitStatus: nil, output: "",
                            note: "\(error)", startedAt: now, finishedAt: now)]))
                    }
                }
            }
            for _ in 0..<min(parallel, hosts.count) { if let host = pending.popFirst() { start(host) } }
            for await (host, report) in group {
                results[host] = report
                if let next = pending.popFirst() { start(next) }
            }
            return results
        }
    }
}
