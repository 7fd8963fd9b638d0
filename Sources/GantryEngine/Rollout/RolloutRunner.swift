import Foundation
import GantryGates

/// Runs steps on every host in rolling batches; rolls back changed hosts when a batch halts or a
/// signal stops the run.
///
/// The hosts' connections come from the pre-flight. A host whose connection broke is dropped
/// from the provider before the rollback, so the rollback reconnects instead of reusing it.
public struct RolloutRunner: Sendable {
    public let connections: any ConnectionProvider
    public let clock: any GantryClock
    /// Asks the rollout to stop; rollback steps ignore it.
    public let stop: Interruption?
    public let sink: @Sendable (RolloutEvent) -> Void

    public init(connections: any ConnectionProvider, clock: any GantryClock, stop: Interruption? = nil,
                sink: @escaping @Sendable (RolloutEvent) -> Void) {
        self.connections = connections
        self.clock = clock
        self.stop = stop
        self.sink = sink
    }

    /// Runs `steps(host)` on the plan's hosts; `rollbackSteps(host)` on touched hosts after a halt.
    ///
    /// - Parameter reached: connections the pre-flight opened; a host without one connects here.
    public func run(_ plan: RolloutPlan, reached: [String: any RemoteConnection] = [:],
                    steps: @escaping @Sendable (String) -> [ResolvedStep],
                    rollbackSteps: @escaping @Sendable (String) -> [ResolvedStep]) async -> RolloutReport {
        let barrier = OnceBarrier()
        let first = plan.hosts.first ?? ""
        var states: [String: RolloutReport.HostState] = [:]
        var outcomes: [StepOutcome] = []
        var touched: [String] = []
        var broken: [String] = []
        var halted = false
        var interrupted = false

        for (index, batch) in plan.batches.enumerated() {
            if stop?.isRequested == true {
                interrupted = true
                break
            }
            sink(.batchStarted(index: index + 1, of: plan.batches.count, hosts: batch))
            let reports = await HostWalk.run(batch, parallel: plan.parallel) { host in
                await runHost(host, steps: steps(host), firstHost: first, barrier: barrier,
                              reached: reached[host], stop: stop, rollback: false)
            }
            var batchFailed = false
            for host in batch {
                let report = reports[host] ?? HostStepRunner.Report(outcomes: [])
                outcomes += report.outcomes
                if report.touched { touched.append(host) }
                if report.errored { broken.append(host) }
                states[host] = report.state
                if report.state == .interrupted { interrupted = true }
                if report.state != .succeeded { batchFailed = true }
            }
            if interrupted { break }
            if batchFailed && plan.haltOnFailure {
                halted = plan.batches.last != batch
                break
            }
        }
        var rollback: [StepOutcome] = []
        if interrupted || halted || (plan.haltOnFailure && states.values.contains { $0 != .succeeded }) {
            for host in broken { await connections.discard(host) }
            let rollbackHosts = plan.hosts.filter { touched.contains($0) }
            let broken = broken
            if !rollbackHosts.isEmpty {
                sink(.rollbackStarted(hosts: rollbackHosts))
                let reports = await HostWalk.run(rollbackHosts, parallel: plan.parallel) { host in
                    await runHost(host, steps: rollbackSteps(host), firstHost: host, barrier: OnceBarrier(),
                                  reached: broken.contains(host) ? nil : reached[host], stop: nil, rollback: true)
                }
                for host in rollbackHosts { rollback += reports[host]?.outcomes ?? [] }
            }
        }
        return RolloutReport(hostStates: plan.hosts.map { ($0, states[$0] ?? .untouched) },
                             outcomes: outcomes, rollbackOutcomes: rollback, halted: halted, interrupted: interrupted)
    }

    /// One host's run, connecting first when the pre-flight did not (a rollback after a broken
    /// connection). A first host that cannot be reached releases the hosts waiting for it.
    private func runHost(_ host: String, steps: [ResolvedStep], firstHost: String, barrier: OnceBarrier,
                         reached: (any RemoteConnection)?, stop: Interruption?, rollback: Bool) async -> HostStepRunner.Report {
        let connection: any RemoteConnection
        if let reached {
            connection = reached
        } else {
            do {
                connection = try await connections.connection(to: host)
            } catch {
                if host == firstHost { await barrier.abandon() }
                let now = clock.now()
                let outcome = StepOutcome(host: host, step: HostStepRunner.connectStep, rollback: rollback, status: .errored,
                                          attempt: 1, attempts: 1, note: HostFailure(error).reason, startedAt: now, finishedAt: now)
                sink(.stepFinished(outcome))
                return HostStepRunner.Report(outcomes: [outcome])
            }
        }
        return await HostStepRunner(host: host, connection: connection, clock: clock, stop: stop, rollback: rollback, sink: sink)
            .run(steps, firstHost: firstHost, barrier: barrier)
    }
}
