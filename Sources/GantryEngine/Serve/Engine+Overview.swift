import Foundation
import GantryModel
import GantryStore

extension Engine {
    /// Everything a status page shows of one pipeline.
    public struct PipelineOverview: Sendable {
        public var pipeline: Pipeline
        /// What runs where, what is running (with its step), requests, windows.
        public var environments: [EnvironmentStatus]
        /// The newest deployments, newest first.
        public var history: [Deployment]
        /// The pipeline's remote as reconcile last read it; nil without `webhook:` or before the first look.
        public var remote: RemoteBaseline?
        /// Its schedules with their next fire times and last outcomes.
        public var schedules: [ScheduleListing]
        /// Each environment with `parity.with` against it, from the facts last read (no host is contacted).
        public var parity: [ObservedParity]
    }

    /// Every valid pipeline of `set` for the status page: status, the newest `historyLimit`
    /// deployments, the remote's reconcile state, the schedules and parity as last observed.
    public func overviews(_ set: PipelineSet, historyLimit: Int = 20) throws(EngineError) -> [PipelineOverview] {
        let schedules = try scheduleList(set)
        return try set.pipelines.map { pipeline throws(EngineError) in
            let environments = try status(pipeline)
            let history = try history(pipeline, limit: historyLimit)
            let remote = pipeline.webhook == nil ? nil : try engineCall { try store.remoteBaseline(pipeline: pipeline.name) }
            return PipelineOverview(pipeline: pipeline, environments: environments, history: history, remote: remote,
                                    schedules: schedules.filter { $0.entry.pipeline == pipeline.name },
                                    parity: try observedParity(pipeline))
        }
    }

    /// The newest webhook deliveries (and pushes reconcile queued), newest first.
    public func recentDeliveries(limit: Int = 10) throws(EngineError) -> [WebhookDelivery] {
        try engineCall { try store.recentDeliveries(limit: limit) }
    }

    /// A short text that changes whenever the status page may have changed (see ``StateStore/activityStamp()``).
    public func activityStamp() throws(EngineError) -> String {
        try engineCall { try store.activityStamp() }
    }
}
