import Foundation

/// One recorded approval.
public struct Approval: Sendable, Hashable, Codable {
    /// Login name of the approver.
    public var approver: String
    /// When the approval was given; expiry counts from here.
    public var at: Date
    /// What was approved.
    public var identity: ArtifactIdentity

    public init(approver: String, at: Date, identity: ArtifactIdentity) {
        self.approver = approver
        self.at = at
        self.identity = identity
    }
}
