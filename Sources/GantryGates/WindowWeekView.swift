import Foundation

/// A seven-day text chart of a window policy for `gantry windows` on a terminal.
///
/// Each line is one local day; each two-character cell is one local hour, showing the state at
/// the start of that hour (for an hour skipped by DST, at the first instant after the jump):
///
///     Europe/London, week of Mon 2026-11-23   ## open  .. closed  ** frozen
///                 00  02  04  06  08  10  12  14  16  18  20  22
///     Mon 11-23   ..................####################..............
public struct WindowWeekView: Sendable {
    /// The state of one hour cell.
    public enum Cell: Sendable, Hashable {
        case open, closed, frozen
    }

    public var policy: WindowPolicy

    public init(policy: WindowPolicy) {
        self.policy = policy
    }

    /// The cell states of the seven local days starting with the day that contains `start`.
    public func cells(from start: Date) -> [[Cell]] {
        let zone = ZoneCalendar(timeZone: policy.timeZone)
        let first = zone.localDay(at: start)
        return (first..<(first + 7)).map { day in
            (0..<24).map { hour in
                let date = zone.instant(day: day, minutes: hour * 60)
                if !policy.activeFreezes(at: date, zone: zone).isEmpty { return .frozen }
                return policy.isOpen(at: date, zone: zone) ? .open : .closed
            }
        }
    }

    /// Renders the chart.
    ///
    /// - Parameters:
    ///   - start: any instant of the first day shown (normally now, or `--at`).
    ///   - color: wrap cells in ANSI colours (green open, dim closed, cyan frozen); callers pass
    ///     false when stdout is not a terminal or `--no-color`/`NO_COLOR` is set.
    ///   - markNow: add a `^ now HH:MM` line under the hour of `start` in the first day.
    public func render(from start: Date, color: Bool = false, markNow: Bool = false) -> String {
        let zone = ZoneCalendar(timeZone: policy.timeZone)
        let first = zone.localDay(at: start)
        let legend = [Cell.open, .closed, .frozen].map { "\(paint($0, color: color)) \(label($0))" }.joined(separator: "  ")
        var lines = ["\(policy.timeZone.gantryName), week of \(Self.dayLabel(first, withYear: true))   \(legend)"]
        lines.append(String(repeating: " ", count: 12)
            + stride(from: 0, to: 24, by: 2).map { String(format: "%02d  ", $0) }.joined().trimmingTrailingSpaces())
        for (offset, row) in cells(from: start).enumerated() {
            lines.append(Self.dayLabel(first + offset, withYear: false) + "   " + row.map { paint($0, color: color) }.joined())
            if markNow && offset == 0 {
                let seconds = ZoneCalendar.floorMod(zone.localSeconds(at: start), 86_400)
                let now = String(format: "%02d:%02d", seconds / 3600, seconds / 60 % 60)
                lines.append(String(repeating: " ", count: 12 + 2 * (seconds / 3600)) + "^ now \(now)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func label(_ cell: Cell) -> String {
        switch cell {
        case .open: "open"
        case .closed: "closed"
        case .frozen: "frozen"
        }
    }

    private func paint(_ cell: Cell, color: Bool) -> String {
        let (text, code) = switch cell {
        case .open: ("##", "32")
        case .closed: ("..", "2")
        case .frozen: ("**", "36")
        }
        return color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private static func dayLabel(_ day: Int, withYear: Bool) -> String {
        let (year, month, dayOfMonth) = ZoneCalendar.civil(fromDay: day)
        let weekday = ZoneCalendar.weekday(ofDay: day).displayName
        return withYear ? weekday + String(format: " %04d-%02d-%02d", year, month, dayOfMonth)
            : weekday + String(format: " %02d-%02d", month, dayOfMonth)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
