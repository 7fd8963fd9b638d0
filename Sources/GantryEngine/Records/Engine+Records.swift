import Foundation
import GantryModel
import GantryStore

extension Engine {
    /// Deployments of a pipeline (of one environment), newest first.
    public func history(_ pipeline: Pipeline, environment: String? = nil, limit: Int = 50) throws(EngineError) -> [Deployment] {
        if let environment { _ = try engineCall { try pipeline.environment(named: environment) } }
        return try engineCall { try store.history(pipeline: pipeline.name, environment: environment, limit: limit) }
    }

    /// One deployment and every stored step attempt, in the order they ended (`gantry logs`).
    ///
    /// - Throws: `.configuration` when there is no such deployment.
    public func deploymentLog(_ id: Int64) throws(EngineError) -> (deployment: Deployment, steps: [StepResult]) {
        guard let deployment = try engineCall({ try store.deployment(id: id) }) else {
            throw EngineError(.usage, "no deployment #\(id) in \(store.path)", isNotFound: true)
        }
        return (deployment, try engineCall { try store.stepResults(deploymentID: id) })
    }

    /// Audit events, oldest first; the newest `limit` when given.
    public func auditEvents(pipeline: String? = nil, limit: Int? = nil) throws(EngineError) -> [AuditEvent] {
        var events = try engineCall { try store.auditEvents(AuditFilter(pipeline: pipeline)) }
        if let limit, limit >= 0, events.count > limit { events = Array(events.suffix(limit)) }
        return events
    }

    /// Recomputes the audit chain.
    public func verifyAudit() throws(EngineError) -> AuditVerification {
        try engineCall { try store.verifyAudit() }
    }
}
