import Foundation

/// The `gantry windows --json` document: `{"open", "reason", "opens_at", "closes_at"}`.
///
/// Times are ISO-8601 strings with the window zone's offset at that instant; absent times are
/// written as `null` (not left out), because the field names are part of the contract.
public struct WindowReport: Sendable, Hashable, Codable {
    public var open: Bool
    public var reason: String
    public var opensAt: String?
    public var closesAt: String?

    public init(open: Bool, reason: String, opensAt: String?, closesAt: String?) {
        self.open = open
        self.reason = reason
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    /// The report of `status`, its times shown in `timeZone` (the policy's zone).
    public init(_ status: WindowStatus, in timeZone: TimeZone) {
        self.init(open: status.isOpen, reason: status.reason,
                  opensAt: status.opensAt.map { WindowFormat.iso8601($0, in: timeZone) },
                  closesAt: status.closesAt.map { WindowFormat.iso8601($0, in: timeZone) })
    }

    enum CodingKeys: String, CodingKey {
        case open, reason
        case opensAt = "opens_at"
        case closesAt = "closes_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(open, forKey: .open)
        try container.encode(reason, forKey: .reason)
        // Synthesised encoding would drop nil keys; the contract shows them as null.
        try container.encode(opensAt, forKey: .opensAt)
        try container.encode(closesAt, forKey: .closesAt)
    }
}
