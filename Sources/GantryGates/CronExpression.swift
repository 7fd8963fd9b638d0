/// A classic 5-field cron expression (minute hour day-of-month month day-of-week), parsed.
///
/// Parsing happens when a pipeline validates, so a schedule that could never fire (or fires
/// where nobody expects) is an error with a position, not a silent no-op at 3 a.m.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text as written.
    public let source: String
    /// Allowed minutes, 0–59.
    public let minutes: Set<Int>
    /// Allowed hours, 0–23.
    public let hours: Set<Int>
    /// Allowed days of the month, 1–31.
    public let daysOfMonth: Set<Int>
    /// Allowed months, 1–12.
    public let months: Set<Int>
    /// Allowed days of the week, 0–6 with Sunday = 0 (7 is read as 0).
    public let daysOfWeek: Set<Int>
    /// False when the day-of-month field starts with `*`: Vixie cron's OR rule then ignores it.
    public let dayOfMonthRestricted: Bool
    /// False when the day-of-week field starts with `*`.
    public let dayOfWeekRestricted: Bool

    public var description: String { source }

    /// Parses `text`; throws a `CronExpression.ParseError` naming the field and the problem.
    public init(_ text: String) throws(ParseError) {
        let trimmed = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        let expanded = try CronExpression.expandMacro(trimmed)
        let fields = expanded.split(separator: " ").map(String.init)
        guard fields.count == 5 else {
            throw ParseError("cron needs 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        source = text
        minutes = try CronField.minute.parse(fields[0])
        hours = try CronField.hour.parse(fields[1])
        daysOfMonth = try CronField.dayOfMonth.parse(fields[2])
        months = try CronField.month.parse(fields[3])
        daysOfWeek = Set(try CronField.dayOfWeek.parse(fields[4]).map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
        try checkDaysExist(dayOfMonth: fields[2], month: fields[3])
    }

    /// Refuses a day of the month that no listed month has (`0 0 30 2 *`): it would never fire.
    ///
    /// Only when the day-of-month field decides alone; with the OR rule a weekday can still match.
    private func checkDaysExist(dayOfMonth: String, month: String) throws(ParseError) {
        guard dayOfMonthRestricted, !dayOfWeekRestricted else { return }
        let longest = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        if !months.contains(where: { month in daysOfMonth.contains { $0 <= longest[month] } }) {
            throw ParseError("never fires: no month in '\(month)' has day '\(dayOfMonth)'")
        }
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
