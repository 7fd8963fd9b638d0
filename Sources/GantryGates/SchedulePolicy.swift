/// What a scheduled promotion does when its slot finds the window closed, and with slots that
/// passed while no scheduler ran.
public struct SchedulePolicy: Sendable, Hashable {
    /// `on_closed_window`.
    public enum ClosedWindow: String, Sendable, Hashable, CaseIterable, Codable {
        /// The slot is recorded as blocked by the window, with its reason (the default).
        case skip
        /// The promotion runs at the next opening of the window; at most one such run waits per schedule.
        case `defer`
    }

    /// `missed`.
    public enum Missed: String, Sendable, Hashable, CaseIterable, Codable {
        /// Slots missed while no scheduler ran fire once, as the latest of them (the default).
        case latest
        /// Missed slots do not fire; the latest is recorded as skipped.
        case skip
    }

    public var onClosedWindow: ClosedWindow
    public var missed: Missed

    public init(onClosedWindow: ClosedWindow = .skip, missed: Missed = .latest) {
        self.onClosedWindow = onClosedWindow
        self.missed = missed
    }
}
