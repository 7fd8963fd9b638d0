import Foundation
import GantryGit
import GantryModel
import GantryStore

extension Engine {
    /// What `gantry migrations` shows: the ledger of an environment and an artifact judged against it.
    public struct MigrationStatus: Sendable {
        public var pipeline: String
        public var environment: String
        /// `migrations.path`.
        public var path: String
        /// The ledger, in natural order of the file names.
        public var applied: [MigrationLedgerEntry]
        /// The artifact judged against the ledger, when there is one.
        public var artifact: String?
        public var check: MigrationCheck?
        /// Why no artifact was judged, or what it is.
        public var note: String
    }

    /// The ledger of `environment` and, for `tag` (default: what `from` runs now, else what the
    /// environment runs), the pending files and the problems a deployment would be refused for.
    public func migrationStatus(_ pipeline: Pipeline, environment: String,
                                artifact tag: String? = nil) throws(EngineError) -> MigrationStatus {
        let env = try engineCall { try pipeline.environment(named: environment) }
        guard let settings = pipeline.migrations else {
            throw .configuration("pipeline \(pipeline.name) has no 'migrations:' (\(pipeline.file))")
        }
        let ledger = try engineCall { try store.migrationLedger(pipeline: pipeline.name, environment: env.name) }
        var status = MigrationStatus(pipeline: pipeline.name, environment: env.name, path: settings.path,
                                     applied: ledger.sorted { NaturalOrder.less($0.name, $1.name) },
                                     artifact: nil, check: nil, note: "")
        var chosen = tag
        if chosen == nil {
            for source in [env.from, env.name].compactMap({ $0 }) {
                if let current = try engineCall({ try store.currentDeployment(pipeline: pipeline.name, environment: source) }) {
                    chosen = current.artifactTag
                    status.note = source == env.name ? "what \(env.name) runs now" : "what \(source) runs now"
                    break
                }
            }
        } else {
            status.note = "as asked"
        }
        guard let chosen else {
            status.note = "no artifact to judge: nothing runs in \(env.from ?? env.name) yet (use --artifact TAG)"
            return status
        }
        let artifact = try recordedArtifact(pipeline, tag: chosen)
        status.artifact = chosen
        status.check = try migrationCheck(pipeline, environment: env.name, artifact: artifact)
        return status
    }

    /// The artifact's migration files against the environment's ledger; nil without `migrations:`.
    func migrationCheck(_ pipeline: Pipeline, environment: String, artifact: Artifact) throws(EngineError) -> MigrationCheck? {
        guard let settings = pipeline.migrations else { return nil }
        let ledger = try engineCall { try store.migrationLedger(pipeline: pipeline.name, environment: environment) }
        let files = try migrationFiles(pipeline, commit: artifact.commit)
        return MigrationCheck(ledger: ledger, files: files, allowOutOfOrder: settings.allowOutOfOrder)
    }

    /// The files directly under `migrations.path` at `commit`, read without a checkout; none when the folder is absent.
    func migrationFiles(_ pipeline: Pipeline, commit: String) throws(EngineError) -> [MigrationFile] {
        guard let settings = pipeline.migrations else { return [] }
        let repository = try openRepository(pipeline)
        do {
            return try repository.files(in: settings.path, at: commit).map { MigrationFile(name: $0.name, contents: $0.contents) }
        } catch let error as GitError where error.kind == .notFound && repository.hasCommit(commit) {
            return []
        } catch {
            throw EngineError.wrap(error)
        }
    }

    /// Records the artifact's pending migration files in the environment's ledger once its
    /// `migration: true` step succeeded on a host — whatever became of the rest of the run,
    /// because the database changed when that step ran.
    ///
    /// A ledger that cannot be written is reported, not thrown: the deployment has already ended.
    func recordAppliedMigrations(_ result: RunResult, pipeline: Pipeline, env: Environment, artifact: Artifact) {
        let steps = Set(pipeline.steps.filter(\.migration).map(\.name))
        guard pipeline.migrations != nil, !steps.isEmpty, let deployment = result.deployment,
              result.report?.outcomes.contains(where: { steps.contains($0.step) && $0.status == .succeeded }) == true else { return }
        do {
            guard let check = try migrationCheck(pipeline, environment: env.name, artifact: artifact), !check.pending.isEmpty else { return }
            let now = clock.now()
            let entries = check.pending.map {
                MigrationLedgerEntry(name: $0.name, checksum: $0.checksum, artifactTag: artifact.tag, deploymentID: deployment.id,
                                     appliedBy: actor, appliedAt: now)
            }
            let added = try engineCall {
                try store.recordMigrations(entries, pipeline: pipeline.name, environment: env.name)
            }
            if !added.isEmpty {
                observer(.note("migration ledger of \(env.name): applied " + added.map(\.name).joined(separator: ", ")))
            }
        } catch {
            observer(.note("warning: the migration ledger of \(env.name) could not be written: \(EngineError.wrap(error).message)"))
        }
    }
}
