import Foundation
import GantryGates

/// The upcoming slots of one environment's schedules, and what each would do if it fired with
/// things as they are now.
public struct SchedulePreview: Sendable {
    /// A gate that would block a slot.
    public struct Blocker: Sendable, Encodable {
        /// `path`, `approval`, `freeze`, `window` or `parity`.
        public var gate: String
        public var reason: String
    }

    /// What the slot would do.
    public enum Action: String, Sendable, Encodable {
        /// Every gate passes: it would promote.
        case runs
        /// It would be recorded as blocked.
        case blocked
        /// The window is closed at the slot and the schedule says `defer`: it would run at the next opening.
        case deferred
    }

    public struct Slot: Sendable {
        /// `cron <expression>` or `once #<id>`.
        public var schedule: String
        public var fire: CronFire
        /// The artifact it would promote now; nil when `from` has nothing yet.
        public var artifact: String?
        /// The window at the slot's instant; nil when the environment has none.
        public var window: WindowStatus?
        /// In gate order; the window as it will be at the slot, the other gates as they are now.
        public var blockedBy: [Blocker]
        public var action: Action
        /// For `deferred`: the opening it would run at.
        public var deferredTo: Date?
        public var policy: SchedulePolicy
    }

    public var pipeline: String
    public var environment: String
    /// The zone cron and windows are evaluated in.
    public var timeZone: TimeZone
    /// The environment artifacts come from.
    public var from: String?
    /// What `from` runs now.
    public var fromArtifact: String?
    public var slots: [Slot]
}
