import Foundation

extension WindowStatus {
    /// What would unblock a closed window, for gate reports: `window opens Tue 09:00 Europe/London`.
    ///
    /// - Parameters:
    ///   - timeZone: the window's zone, in which the opening is shown.
    ///   - now: the evaluated instant; when given, an opening six days or more away also shows
    ///     its date.
    public func unblockHint(in timeZone: TimeZone, relativeTo now: Date? = nil) -> String {
        if isOpen { return "window is open" }
        guard let opensAt else { return "window does not open within a year (\(reason))" }
        return "window opens \(WindowFormat.short(opensAt, in: timeZone, relativeTo: now))"
    }
}
