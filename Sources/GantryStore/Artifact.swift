import Foundation
internal import GRDB

/// A built artifact: one tag of one pipeline, built once from one commit.
public struct Artifact: Sendable, Equatable, Codable {
    public var pipeline: String
    public var tag: String
    public var commit: String
    /// The immutable id printed by `artifact.digest`, or the SHA-256 of `artifact.file`.
    public var digest: String?
    /// Where Gantry keeps the built file, for `artifact.file` pipelines.
    public var filePath: String?
    public var builtBy: String
    public var builtAt: Date

    public init(pipeline: String, tag: String, commit: String, digest: String? = nil,
                filePath: String? = nil, builtBy: String, builtAt: Date) {
        self.pipeline = pipeline
        self.tag = tag
        self.commit = commit
        self.digest = digest
        self.filePath = filePath
        self.builtBy = builtBy
        self.builtAt = builtAt
    }

    init(row: Row) {
        self.init(pipeline: row["pipeline"], tag: row["tag"], commit: row["commit_sha"], digest: row["digest"],
                  filePath: row["file_path"], builtBy: row["built_by"], builtAt: row["built_at"])
    }
}

/// What ``StateStore/recordArtifact(_:audit:)`` did.
public enum ArtifactRecording: Sendable, Equatable {
    /// The artifact is new and now recorded.
    case recorded(Artifact)
    /// The same tag was already recorded for the same commit: nothing changed.
    case alreadyRecorded(Artifact)
}
