import Foundation

/// One fire time of a cron expression: the instant, and the wall-clock time the expression named.
///
/// The two differ only around DST changes, which is why both are kept: a preview shows the
/// wall-clock time people wrote and flags where the zone's rules moved it.
public struct CronFire: Sendable, Hashable {
    /// How a DST change affected the named wall-clock time.
    public enum Shift: String, Sendable, Hashable, Codable {
        /// The time did not exist (a forward jump skipped it): it fires at the first instant after the jump.
        case skipped
        /// The time occurred twice (the clocks went back): it fires at its first occurrence only.
        case repeated
    }

    /// When it fires.
    public var instant: Date
    /// The wall-clock time the expression matched, in the zone it was evaluated in.
    public var local: LocalDateTime
    /// Nil for an ordinary time.
    public var shift: Shift?

    public init(instant: Date, local: LocalDateTime, shift: Shift?) {
        self.instant = instant
        self.local = local
        self.shift = shift
    }
}
