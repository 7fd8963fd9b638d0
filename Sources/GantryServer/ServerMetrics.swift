import Foundation
import GantryEngine
internal import Prometheus

/// `/metrics` in Prometheus' text format.
///
/// - `gantry_deployments_total{pipeline,environment,status}`: deployments that ended while the
///   server ran, whoever started them (read from the store);
/// - `gantry_deployment_duration_seconds{pipeline,environment}`: how long they took;
/// - `gantry_gate_blocks_total{gate}`: gates that refused a run (from the audit log);
/// - `gantry_webhook_deliveries_total{provider,outcome}`: deliveries by what became of them.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    static let durationBuckets: [Duration] = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600].map { .seconds($0) }

    func delivery(provider: String, outcome: String) {
        registry.makeCounter(name: "gantry_webhook_deliveries_total",
                             labels: [("provider", provider), ("outcome", outcome)]).increment()
    }

    /// Counts what ended and what was refused since the last look.
    func record(_ activity: Engine.Activity) {
        for deployment in activity.finished { finished(deployment) }
        for gate in activity.blockedGates { blocked(gate) }
    }

    func finished(_ deployment: Engine.DeploymentRecord) {
        let place = [("pipeline", deployment.pipeline), ("environment", deployment.environment)]
        registry.makeCounter(name: "gantry_deployments_total", labels: place + [("status", deployment.status.rawValue)])
            .increment()
        if let end = deployment.finishedAt {
            let seconds = max(end.timeIntervalSince(deployment.startedAt), 0)
            registry.makeDurationHistogram(name: "gantry_deployment_duration_seconds", labels: place,
                                           buckets: Self.durationBuckets)
                .record(.milliseconds(Int64(seconds * 1000)))
        }
    }

    func blocked(_ gate: GateResult.Gate) {
        registry.makeCounter(name: "gantry_gate_blocks_total", labels: [("gate", gate.rawValue)]).increment()
    }

    func render() -> String {
        registry.emitToString()
    }
}
