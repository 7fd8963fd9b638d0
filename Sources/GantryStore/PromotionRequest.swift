import Foundation
internal import GRDB

/// Where a promotion request is.
public enum PromotionRequestState: String, Sendable, Codable, CaseIterable {
    /// Waiting for approvals.
    case open
    /// The quorum is complete; waiting to run (possibly for its window).
    case approved
    /// Closed by the requester or an approver.
    case rejected
    /// It ran.
    case executed

    /// Whether the request can still be approved or run.
    public var isLive: Bool { self == .open || self == .approved }
}

/// A request to promote one artifact into one environment that needs approvals.
public struct PromotionRequest: Sendable, Equatable, Codable, Identifiable {
    public var id: Int64
    public var pipeline: String
    public var environment: String
    public var artifactTag: String
    /// The digest approvals are bound to, with the tag.
    public var digest: String?
    public var requester: String
    public var createdAt: Date
    public var state: PromotionRequestState
    public var closedBy: String?
    public var closedAt: Date?
    public var comment: String?
    /// The deployment that executed it.
    public var deploymentID: Int64?

    /// Builds a request value, e.g. for an in-memory twin of the store in engine tests.
    public init(id: Int64, pipeline: String, environment: String, artifactTag: String, digest: String? = nil,
                requester: String, createdAt: Date, state: PromotionRequestState = .open, closedBy: String? = nil,
                closedAt: Date? = nil, comment: String? = nil, deploymentID: Int64? = nil) {
        self.id = id
        self.pipeline = pipeline
        self.environment = environment
        self.artifactTag = artifactTag
        self.digest = digest
        self.requester = requester
        self.createdAt = createdAt
        self.state = state
        self.closedBy = closedBy
        self.closedAt = closedAt
        self.comment = comment
        self.deploymentID = deploymentID
    }

    init(row: Row) throws {
        id = row["id"]
        pipeline = row["pipeline"]
        environment = row["environment"]
        artifactTag = row["artifact_tag"]
        digest = row["digest"]
        requester = row["requester"]
        createdAt = row["created_at"]
        state = try row.decode("state")
        closedBy = row["closed_by"]
        closedAt = row["closed_at"]
        comment = row["comment"]
        deploymentID = row["deployment_id"]
    }
}

/// One person's approval of a promotion request.
public struct Approval: Sendable, Equatable, Codable {
    public var requestID: Int64
    public var approver: String
    public var approvedAt: Date
    public var comment: String?

    public init(requestID: Int64, approver: String, approvedAt: Date, comment: String? = nil) {
        self.requestID = requestID
        self.approver = approver
        self.approvedAt = approvedAt
        self.comment = comment
    }

    init(row: Row) {
        self.init(requestID: row["request_id"], approver: row["approver"], approvedAt: row["approved_at"], comment: row["comment"])
    }
}
