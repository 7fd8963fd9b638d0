import Foundation
import GantryGates

/// `parity:` — how environments are compared.
public struct ParitySettings: Sendable {
    /// Prints the artifact tag a host really runs.
    public var running: Template?
    /// Facts in file order.
    public var facts: [ParityFact]
    /// Documented, intentional differences.
    public var allow: [ParityAllowance]
}

/// A named shell command whose output must agree between environments.
public struct ParityFact: Sendable {
    public var name: String
    public var run: Template
    /// `follows: artifact` — only compared between environments running the same artifact.
    public var followsArtifact: Bool
    public var location: SourceLocation
}

/// One `allow:` entry of `parity:`.
public struct ParityAllowance: Sendable, Hashable {
    /// What differs on purpose.
    public enum Subject: Sendable, Hashable {
        case fact(String)
        case variable(String)
        case secret(String)
    }

    public var subject: Subject
    /// The two environments between which the difference is documented (either order).
    public var between: [String]
    public var reason: String
    public var impact: String
    /// Who answers for the difference (`owner:`), when given.
    public var owner: String?
    /// `expires: DATE`: from 00:00 UTC that day on, the entry documents nothing.
    public var expires: LocalDateTime?
    public var location: SourceLocation

    public init(subject: Subject, between: [String], reason: String, impact: String, owner: String? = nil,
                expires: LocalDateTime? = nil, location: SourceLocation) {
        self.subject = subject
        self.between = between
        self.reason = reason
        self.impact = impact
        self.owner = owner
        self.expires = expires
        self.location = location
    }

    /// The instant the entry stops documenting anything (00:00 UTC on `expires`), if it expires.
    public var expiresAt: Date? {
        guard let expires else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return calendar.date(from: DateComponents(year: expires.year, month: expires.month, day: expires.day))
    }

    /// Whether the entry has expired at `now`.
    public func isExpired(at now: Date) -> Bool { expiresAt.map { now >= $0 } ?? false }

    /// Whether the entry is about the two environments `a` and `b` (in either order).
    public func covers(_ a: String, _ b: String) -> Bool { Set(between) == Set([a, b]) && a != b }

    /// `2027-06-30`, for messages.
    public var expiresText: String? {
        expires.map { String(format: "%04d-%02d-%02d", $0.year, $0.month, $0.day) }
    }
}
