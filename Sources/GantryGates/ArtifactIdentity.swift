import Foundation

/// What an approval is bound to: one artifact, for one environment of one pipeline.
///
/// The digest is part of the identity so that a tag re-pushed to point at other bytes never
/// inherits the approvals given for the old ones.
public struct ArtifactIdentity: Sendable, Hashable, Codable, CustomStringConvertible {
    public var pipeline: String
    public var environment: String
    public var tag: String
    /// The immutable id of the artifact (image id, SHA-256 of a file); nil when none is recorded.
    public var digest: String?

    public init(pipeline: String, environment: String, tag: String, digest: String?) {
        self.pipeline = pipeline
        self.environment = environment
        self.tag = tag
        self.digest = digest
    }

    /// Whether an approval given for `self` counts for a request for `other`: only when every
    /// part, digest included, is the same.
    public func approvalCounts(for other: ArtifactIdentity) -> Bool {
        self == other
    }

    public var description: String {
        "\(pipeline)/\(environment) \(tag)" + (digest.map { " (\($0))" } ?? "")
    }
}
