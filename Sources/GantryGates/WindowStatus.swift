import Foundation

/// Whether an environment's windows let a deployment through at one instant, and why.
public struct WindowStatus: Sendable, Hashable {
    /// What decided the status.
    public enum Match: Sendable, Hashable {
        /// The allow entry the instant falls in (the first one in policy order).
        case allow(AllowWindow)
        /// The active freeze (of several, the one that ends last).
        case freeze(Freeze)
    }

    /// True when a deployment may start now.
    public var isOpen: Bool
    /// A human explanation: the matching allow entry, the freeze and its reason, or why none matches.
    public var reason: String
    /// The allow entry or freeze that decided; nil when there are no allow entries and no freeze
    /// is active, or when the instant is outside every allow entry.
    public var match: Match?
    /// When closed: the next instant it opens; nil when open or when it stays closed for more
    /// than a year.
    public var opensAt: Date?
    /// When open: the next instant it closes; nil when closed or when it never closes.
    public var closesAt: Date?

    public init(isOpen: Bool, reason: String, match: Match?, opensAt: Date?, closesAt: Date?) {
        self.isOpen = isOpen
        self.reason = reason
        self.match = match
        self.opensAt = opensAt
        self.closesAt = closesAt
    }
}
