import Foundation
import GantryGit
import GantryModel
import GantryStore

extension Engine {
    /// What one look at a pipeline's remote found.
    public struct ReconcileReport: Sendable {
        public var pipeline: String
        /// The first look at this remote: its heads became the baseline, nothing ran.
        public var baseline: Bool
        /// Pushes no delivery brought, now queued to run as `recovered`.
        public var queued: [String]
        /// Why the remote could not be read, when it could not.
        public var error: String?

        /// One line for the log.
        public var line: String {
            if let error { return "reconcile: \(pipeline): \(error)" }
            if baseline { return "reconcile: \(pipeline): first look at the remote; its heads are the baseline" }
            if queued.isEmpty { return "reconcile: \(pipeline): up to date" }
            return "reconcile: \(pipeline): queued \(queued.joined(separator: ", ")) (no delivery brought them)"
        }
    }

    /// Reads the heads of `pipeline`'s remote (`git ls-remote` through libgit2) and queues a run,
    /// marked `recovered`, for each branch or tag that an environment follows and whose head
    /// differs from the one Gantry last processed.
    ///
    /// The first look at a remote records what is there as the baseline and runs nothing (a
    /// server started on an old repository must not replay its history). A ref no environment
    /// follows is only recorded; a ref gone from the remote is forgotten. A run is queued under
    /// an id naming the pipeline, the ref and both heads, so two servers, or a delivery arriving
    /// late, never run the same push twice.
    public func reconcile(_ pipeline: Pipeline) async -> ReconcileReport {
        var report = ReconcileReport(pipeline: pipeline.name, baseline: false, queued: [])
        guard let webhook = pipeline.webhook else { return report }
        let access = RemoteMirror.access(pipeline, webhook, logger: logger)
        let remote: [String: String]
        do {
            remote = try await LocalCommand.offPool { try GitRemote.heads(access) }
        } catch {
            report.error = "\(error)"
            try? store.noteReconcile(pipeline: pipeline.name, at: clock.now(), error: report.error)
            return report
        }
        do {
            let baseline = try store.remoteBaseline(pipeline: pipeline.name)
            guard let baseline, baseline.remote == webhook.remote else {
                try store.recordBaseline(pipeline: pipeline.name, remote: webhook.remote, heads: remote, now: clock.now())
                report.baseline = true
                return report
            }
            let recorded = try store.remoteHeads(pipeline: pipeline.name)
            let mirrored = mirrored(pipeline)
            let mirror = mirrored.repository ?? ""
            for ref in recorded.keys.sorted() where remote[ref] == nil {
                try store.recordRemoteHead(pipeline: pipeline.name, ref: ref, sha: nil, via: .listed, now: clock.now())
            }
            for (ref, sha) in remote.sorted(by: { NaturalOrder.less($0.key, $1.key) }) where recorded[ref]?.sha != sha {
                let old = recorded[ref]?.sha ?? String(repeating: "0", count: 40)
                let update = RefUpdate(oldSha: old, newSha: sha, refName: ref)
                if TriggerPlanner.actions(for: [update], pipelines: [mirrored], repositoryPath: mirror).isEmpty {
                    try store.recordRemoteHead(pipeline: pipeline.name, ref: ref, sha: sha, via: .listed, now: clock.now())
                    continue
                }
                let queued = NewWebhookDelivery(
                    provider: Self.reconcileProvider, delivery: "\(pipeline.name) \(ref) \(old) \(sha)", receivedAt: clock.now(),
                    pipelines: [pipeline.name], repository: webhook.repositoryPath, refs: "\(old) \(sha) \(ref)\n")
                if case .queued = try store.enqueueDelivery(queued) { report.queued.append("\(update.shortName) at \(sha.prefix(7))") }
            }
            try store.noteReconcile(pipeline: pipeline.name, at: clock.now(), error: nil)
        } catch {
            report.error = "\(error)"
        }
        return report
    }
}
