import Foundation
internal import GRDB

extension StateStore {
    /// Records a built artifact, once.
    ///
    /// The same tag for the same commit is a no-op that says so (a second build of a commit);
    /// for another commit, or with another digest, it is refused: a tag names one build forever.
    /// A digest learnt later (first recording had none) is filled in.
    /// - Parameters:
    ///   - artifact: What was built.
    ///   - audit: An audit event to append in the same transaction, also on a no-op.
    /// - Throws: ``StoreError/artifactTagConflict(pipeline:tag:recordedCommit:newCommit:)``,
    ///   ``StoreError/artifactDigestConflict(pipeline:tag:recordedDigest:newDigest:)``.
    @discardableResult
    public func recordArtifact(_ artifact: Artifact, audit: AuditEntry? = nil) throws -> ArtifactRecording {
        try write("recording artifact \(artifact.pipeline):\(artifact.tag)", audit: audit) { db in
            if let existing = try Self.fetchArtifact(db, pipeline: artifact.pipeline, tag: artifact.tag) {
                guard existing.commit == artifact.commit else {
                    throw StoreError.artifactTagConflict(pipeline: artifact.pipeline, tag: artifact.tag,
                                                         recordedCommit: existing.commit, newCommit: artifact.commit)
                }
                if let old = existing.digest, let new = artifact.digest, old != new {
                    throw StoreError.artifactDigestConflict(pipeline: artifact.pipeline, tag: artifact.tag,
                                                            recordedDigest: old, newDigest: new)
                }
                if existing.digest == nil, let new = artifact.digest {
                    try db.execute(sql: "UPDATE artifact SET digest = ? WHERE pipeline = ? AND tag = ?",
                                   arguments: [new, artifact.pipeline, artifact.tag])
                    var updated = existing
                    updated.digest = new
                    return .alreadyRecorded(updated)
                }
                return .alreadyRecorded(existing)
            }
            try db.execute(sql: """
                INSERT INTO artifact (pipeline, tag, commit_sha, digest, file_path, built_by, built_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [artifact.pipeline, artifact.tag, artifact.commit, artifact.digest,
                                 artifact.filePath, artifact.builtBy, artifact.builtAt])
            return .recorded(artifact)
        }
    }

    /// The recorded artifact `tag` of `pipeline`, if any.
    public func artifact(pipeline: String, tag: String) throws -> Artifact? {
        try read("reading artifact \(pipeline):\(tag)") { db in try Self.fetchArtifact(db, pipeline: pipeline, tag: tag) }
    }

    /// The artifacts recorded for `commit` (usually one), newest first.
    public func artifacts(pipeline: String, commit: String) throws -> [Artifact] {
        try read("reading artifacts of commit \(commit)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM artifact WHERE pipeline = ? AND commit_sha = ? ORDER BY id DESC",
                             arguments: [pipeline, commit]).map(Artifact.init(row:))
        }
    }

    static func fetchArtifact(_ db: Database, pipeline: String, tag: String) throws -> Artifact? {
        try Row.fetchOne(db, sql: "SELECT * FROM artifact WHERE pipeline = ? AND tag = ?",
                         arguments: [pipeline, tag]).map(Artifact.init(row:))
    }
}
