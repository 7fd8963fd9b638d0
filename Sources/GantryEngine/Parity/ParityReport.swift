import Foundation
import GantryShell

/// What `gantry parity` found: one comparison per pair of environments, and fact history.
public struct ParityReport: Sendable, Encodable {
    public var pipeline: String
    public var comparisons: [ParityComparison]
    /// Hosts that could not be reached, with why (exit 4).
    public var unreachable: [String]
    /// With `--since`: when each fact changed, in which environment and on which host.
    public var changes: [FactChange]?
    public var since: Date?

    /// Differences judged drift, over every comparison.
    public var driftCount: Int { comparisons.reduce(0) { $0 + $1.count(.drift) } }

    /// `ok`, `drift` or `unreachable`.
    public var status: String { !unreachable.isEmpty ? "unreachable" : (driftCount > 0 ? "drift" : "ok") }

    /// 0 without drift, 3 with drift, 4 when a host was unreachable (the highest wins).
    public var severity: Severity? { !unreachable.isEmpty ? .infrastructure : (driftCount > 0 ? .refused : nil) }

    private enum CodingKeys: String, CodingKey {
        case pipeline, comparisons, unreachable, changes, since, status, driftCount
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pipeline, forKey: .pipeline)
        try container.encode(comparisons, forKey: .comparisons)
        try container.encode(unreachable, forKey: .unreachable)
        try container.encode(changes, forKey: .changes)
        try container.encode(since, forKey: .since)
        try container.encode(status, forKey: .status)
        try container.encode(driftCount, forKey: .driftCount)
    }

    public init(pipeline: String, comparisons: [ParityComparison], unreachable: [String], changes: [FactChange]?, since: Date?) {
        self.pipeline = pipeline
        self.comparisons = comparisons
        self.unreachable = unreachable
        self.changes = changes
        self.since = since
    }
}

/// A fact that changed on a host: from what, to what, and when it was first seen so.
public struct FactChange: Sendable, Codable, Equatable {
    public var environment: String
    public var host: String
    public var fact: String
    /// When the new value was first observed.
    public var at: Date
    /// The value before (as shown), nil when the fact was first read then.
    public var from: String?
    public var to: String
}
