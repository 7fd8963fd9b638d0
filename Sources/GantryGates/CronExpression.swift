/// A classic 5-field cron expression (minute hour day-of-month month day-of-week), parsed.
///
/// Parsing happens when a pipeline validates, so a schedule that could never fire (or fires
/// where nobody expects) is an error with a position, not a silent no-op at 3 a.m.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text as written.
    public let source: String
    /// Each field's allowed values as bits (bit n = value n), so matching never hashes.
    let minuteBits: UInt64, hourBits: UInt64, dayOfMonthBits: UInt64, monthBits: UInt64, dayOfWeekBits: UInt64
    /// False when the day-of-month field starts with `*`: Vixie cron's OR rule then ignores it.
    public let dayOfMonthRestricted: Bool
    /// False when the day-of-week field starts with `*`.
    public let dayOfWeekRestricted: Bool

    /// Allowed minutes, 0–59.
    public var minutes: Set<Int> { Self.values(minuteBits) }
    /// Allowed hours, 0–23.
    public var hours: Set<Int> { Self.values(hourBits) }
    /// Allowed days of the month, 1–31.
    public var daysOfMonth: Set<Int> { Self.values(dayOfMonthBits) }
    /// Allowed months, 1–12.
    public var months: Set<Int> { Self.values(monthBits) }
    /// Allowed days of the week, 0–6 with Sunday = 0 (7 is read as 0).
    public var daysOfWeek: Set<Int> { Self.values(dayOfWeekBits) }

    public var description: String { source }

    /// Parses `text`; throws a `CronExpression.ParseError` naming the field and the problem.
    public init(_ text: String) throws(ParseError) {
        // Most expressions are plain numbers, `*`, lists, ranges and steps: read those byte by
        // byte. Names, macros and anything wrong take the full reader, which words the errors.
        let bytes = Array(text.utf8)
        let fields = bytes.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
        if fields.count == 5, fields[0].first != UInt8(ascii: "@"),
           let minutes = CronField.minute.quickParse(fields[0]), let hours = CronField.hour.quickParse(fields[1]),
           let days = CronField.dayOfMonth.quickParse(fields[2]), let months = CronField.month.quickParse(fields[3]),
           let weekdays = CronField.dayOfWeek.quickParse(fields[4]) {
            self.init(source: text, minutes: minutes, hours: hours, days: days, months: months, weekdays: weekdays,
                      dayOfMonthRestricted: fields[2].first != UInt8(ascii: "*"),
                      dayOfWeekRestricted: fields[4].first != UInt8(ascii: "*"))
            try checkDaysExist(dayOfMonth: String(decoding: fields[2], as: UTF8.self),
                               month: String(decoding: fields[3], as: UTF8.self))
            return
        }
        try self.init(reading: text)
    }

    private init(source: String, minutes: UInt64, hours: UInt64, days: UInt64, months: UInt64, weekdays: UInt64,
                 dayOfMonthRestricted: Bool, dayOfWeekRestricted: Bool) {
        self.source = source
        (minuteBits, hourBits, dayOfMonthBits, monthBits) = (minutes, hours, days, months)
        dayOfWeekBits = (weekdays & 0x7F) | (weekdays >> 7 & 1)   // 7 is Sunday, like 0
        self.dayOfMonthRestricted = dayOfMonthRestricted
        self.dayOfWeekRestricted = dayOfWeekRestricted
    }

    /// The full reader: names, macros, and a precise error for anything it refuses.
    init(reading text: String) throws(ParseError) {
        let trimmed = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        let expanded = try CronExpression.expandMacro(trimmed)
        let fields = expanded.split(separator: " ").map(String.init)
        guard fields.count == 5 else {
            throw ParseError("cron needs 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        self.init(source: text, minutes: try CronField.minute.parse(fields[0]), hours: try CronField.hour.parse(fields[1]),
                  days: try CronField.dayOfMonth.parse(fields[2]), months: try CronField.month.parse(fields[3]),
                  weekdays: try CronField.dayOfWeek.parse(fields[4]),
                  dayOfMonthRestricted: !fields[2].hasPrefix("*"), dayOfWeekRestricted: !fields[4].hasPrefix("*"))
        try checkDaysExist(dayOfMonth: fields[2], month: fields[3])
    }

    /// Refuses a day of the month that no listed month has (`0 0 30 2 *`): it would never fire.
    ///
    /// Only when the day-of-month field decides alone; with the OR rule a weekday can still match.
    private func checkDaysExist(dayOfMonth: @autoclosure () -> String, month: @autoclosure () -> String) throws(ParseError) {
        guard dayOfMonthRestricted, !dayOfWeekRestricted else { return }
        // Days 1…N of a month as bits 1…N, N its longest (in a leap year, 2000).
        if !(1...12).contains(where: {
            monthBits >> $0 & 1 == 1 && dayOfMonthBits & ((2 << ZoneCalendar.daysIn(month: $0, year: 2000)) - 2) != 0
        }) {
            throw ParseError("never fires: no month in '\(month())' has day '\(dayOfMonth())'")
        }
    }

    static func values(_ bits: UInt64) -> Set<Int> {
        Set((0..<64).filter { bits >> $0 & 1 == 1 })
    }

    private static func expandMacro(_ text: String) throws(ParseError) -> String {
        guard text.hasPrefix("@") else { return text }
        switch text {
        case "@hourly": return "0 * * * *"
        case "@daily": return "0 0 * * *"
        case "@weekly": return "0 0 * * 0"
        case "@monthly": return "0 0 1 * *"
        case "@yearly": return "0 0 1 1 *"
        default:
            throw ParseError("unknown cron macro '\(text)' (use @hourly, @daily, @weekly, @monthly or @yearly)")
        }
    }

    /// Why a cron expression was refused.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        init(_ message: String) { self.message = message }
        public var description: String { message }
    }
}
