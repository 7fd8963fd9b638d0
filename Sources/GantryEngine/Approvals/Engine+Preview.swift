import Foundation
import GantryGit
import GantryModel
import GantryStore

extension Engine {
    /// What an approver is shown before confirming.
    public struct ApprovalPreview: Sendable {
        public var artifact: Artifact
        public var requester: String?
        /// What runs in the environment now.
        public var running: String?
        public var commit: GitCommit?
        /// Commits in the artifact that the running artifact does not have, newest first.
        public var newCommits: [GitCommit]
        public var newCommitsTruncated: Bool
        /// Migration files of the artifact the environment's ledger does not have yet (what the
        /// migration step would apply), in natural order.
        public var newMigrations: [String]
        /// Why the artifact would be refused by the migration ledger (changed, out-of-order or missing files).
        public var migrationProblems: [String]
        /// Why the repository could not be read, when it could not.
        public var repositoryNote: String?
    }

    /// Reads the artifact, its commit and what it adds over what runs in the environment now.
    ///
    /// Needs no deploy credentials: only the store and the repository are read.
    public func approvalPreview(_ pipeline: Pipeline, environment: String, artifact tag: String) throws(EngineError) -> ApprovalPreview {
        let artifact = try recordedArtifact(pipeline, tag: tag)
        let request = try engineCall {
            try store.livePromotionRequest(pipeline: pipeline.name, environment: environment, artifactTag: tag)
        }
        let running = try engineCall { try store.currentDeployment(pipeline: pipeline.name, environment: environment) }
        var preview = ApprovalPreview(artifact: artifact, requester: request?.requester, running: running?.artifactTag,
                                      commit: nil, newCommits: [], newCommitsTruncated: false, newMigrations: [],
                                      migrationProblems: [], repositoryNote: nil)
        do {
            let repository = try openRepository(pipeline)
            preview.commit = try repository.commit(artifact.commit)
            let list = try repository.commits(from: artifact.commit, excluding: running?.commit, limit: 20)
            preview.newCommits = list.commits
            preview.newCommitsTruncated = list.isTruncated
            if let check = try migrationCheck(pipeline, environment: environment, artifact: artifact) {
                preview.newMigrations = check.pending.map(\.name)
                preview.migrationProblems = check.problems
            }
        } catch {
            preview.repositoryNote = "repository not readable: \(EngineError.wrap(error).message)"
        }
        return preview
    }
}
