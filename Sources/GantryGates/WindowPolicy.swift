import Foundation

/// A day of the week, numbered as `Calendar` numbers them (Sunday = 1).
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday

    /// The three-letter lower-case name used in pipeline files: `mon`, `tue`, ….
    public var shortName: String {
        switch self {
        case .sunday: "sun"
        case .monday: "mon"
        case .tuesday: "tue"
        case .wednesday: "wed"
        case .thursday: "thu"
        case .friday: "fri"
        case .saturday: "sat"
        }
    }

    /// Parses `mon`, `Monday`, `MON` and the like; nil for anything else.
    public init?(name: String) {
        let lower = name.lowercased()
        guard let day = Weekday.allCases.first(where: { lower == $0.shortName || lower == $0.fullName }) else {
            return nil
        }
        self = day
    }

    public var fullName: String {
        switch self {
        case .sunday: "sunday"
        case .monday: "monday"
        case .tuesday: "tuesday"
        case .wednesday: "wednesday"
        case .thursday: "thursday"
        case .friday: "friday"
        case .saturday: "saturday"
        }
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A wall-clock time of day, `HH:MM`, in a window's time zone. `24:00` is allowed as an end.
public struct LocalTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    /// Minutes since local midnight.
    public var minutesOfDay: Int { hour * 60 + minute }

    public var description: String {
        String(format: "%02d:%02d", hour, minute)
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutesOfDay < rhs.minutesOfDay }
}

/// A wall-clock date and time, `YYYY-MM-DDTHH:MM`, in a window's time zone.
public struct LocalDateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
    }

    public var description: String {
        String(format: "%04d-%02d-%02d %02d:%02d", year, month, day, hour, minute)
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute) < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute)
    }
}

/// One `allow` entry: `[from, to)` local time on the listed days.
///
/// When `to` is earlier than `from` the window runs past midnight and `days` name the day it
/// starts on.
public struct AllowWindow: Sendable, Hashable {
    public var days: [Weekday]
    public var from: LocalTime
    public var to: LocalTime

    public init(days: [Weekday], from: LocalTime, to: LocalTime) {
        self.days = days
        self.from = from
        self.to = to
    }
}

/// One `freeze` period: `[from, to)` in local time; it wins over every `allow` entry.
public struct Freeze: Sendable, Hashable {
    public var from: LocalDateTime
    public var to: LocalDateTime
    public var reason: String?

    public init(from: LocalDateTime, to: LocalDateTime, reason: String?) {
        self.from = from
        self.to = to
        self.reason = reason
    }
}

/// An environment's deployment-availability windows.
///
/// No `allow` entry means always open; a freeze always wins.
public struct WindowPolicy: Sendable, Hashable {
    public var timeZone: TimeZone
    public var allow: [AllowWindow]
    public var freezes: [Freeze]

    public init(timeZone: TimeZone, allow: [AllowWindow], freezes: [Freeze]) {
        self.timeZone = timeZone
        self.allow = allow
        self.freezes = freezes
    }
}
