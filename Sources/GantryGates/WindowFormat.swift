import Foundation

/// Formatting and parsing of instants as Gantry shows them: always with the window zone's offset.
public enum WindowFormat {
    /// ISO-8601 with the zone's offset at that instant: `2026-11-24T10:00:00+00:00`.
    ///
    /// - Parameters:
    ///   - date: the instant.
    ///   - timeZone: the zone whose offset at `date` is shown (a window's zone, or UTC).
    public static func iso8601(_ date: Date, in timeZone: TimeZone) -> String {
        let zone = ZoneCalendar(timeZone: timeZone)
        let offset = zone.offset(at: date)
        let local = zone.localSeconds(at: date)
        let (year, month, day) = ZoneCalendar.civil(fromDay: ZoneCalendar.floorDiv(local, 86_400))
        let seconds = ZoneCalendar.floorMod(local, 86_400)
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset) / 60
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                      seconds / 3600, seconds / 60 % 60, seconds % 60)
            + sign + String(format: "%02d:%02d", magnitude / 60, magnitude % 60)
    }

    /// A short human form: `Tue 09:00 Europe/London`; the date is added when it is not within
    /// the coming week of `relativeTo`.
    ///
    /// - Parameters:
    ///   - date: the instant.
    ///   - timeZone: the zone it is shown in.
    ///   - relativeTo: "now"; when given and `date` is six days or more away, the date is shown
    ///     too (`Tue 2027-01-05 09:00 Europe/London`) so a weekday is never ambiguous.
    public static func short(_ date: Date, in timeZone: TimeZone, relativeTo: Date? = nil) -> String {
        let zone = ZoneCalendar(timeZone: timeZone)
        let local = zone.localSeconds(at: date)
        let day = ZoneCalendar.floorDiv(local, 86_400)
        let seconds = ZoneCalendar.floorMod(local, 86_400)
        let weekday = ZoneCalendar.weekday(ofDay: day).displayName
        let time = String(format: "%02d:%02d", seconds / 3600, seconds / 60 % 60)
        if let relativeTo, abs(date.timeIntervalSince(relativeTo)) >= 6 * 86_400 {
            let (year, month, dayOfMonth) = ZoneCalendar.civil(fromDay: day)
            let dateText = String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
            return "\(weekday) \(dateText) \(time) \(timeZone.gantryName)"
        }
        return "\(weekday) \(time) \(timeZone.gantryName)"
    }

    /// `short` with how far away it is: `Wed 09:00 Europe/London (in 2h 10m)`,
    /// `Sun 18:02 UTC (14 min ago)`.
    public static func forPeople(_ date: Date, in timeZone: TimeZone, now: Date) -> String {
        "\(short(date, in: timeZone, relativeTo: now)) (\(relative(date, now: now)))"
    }

    /// `in 2h 10m`, `14 min ago`, `just now`, `in 3 days`.
    public static func relative(_ date: Date, now: Date) -> String {
        let seconds = Int(date.timeIntervalSince(now).rounded())
        let magnitude = abs(seconds)
        let text: String
        switch magnitude {
        case ..<45: return "just now"
        case ..<3600: text = "\(max(1, (magnitude + 30) / 60)) min"
        case ..<86_400:
            let minutes = (magnitude + 30) / 60
            text = minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes / 60)h \(minutes % 60)m"
        default:
            let days = (magnitude + 43_200) / 86_400
            text = days == 1 ? "1 day" : "\(days) days"
        }
        return seconds >= 0 ? "in \(text)" : "\(text) ago"
    }

    /// A time given by a person: ISO-8601 with an offset, or a local `YYYY-MM-DDTHH:MM` in
    /// `timeZone` (as freezes are written). A local time skipped by a DST jump means the first
    /// instant after it; one that occurs twice means its first occurrence.
    public static func parseTime(_ text: String, in timeZone: TimeZone) throws(GatesError) -> Date {
        if let local = LocalDateTimeText.parse(text.trimmingCharacters(in: .whitespaces)) {
            return ZoneCalendar(timeZone: timeZone).instant(local)
        }
        do {
            return try parseISO8601(text)
        } catch {
            throw .invalidTime(text, hint: "expected ISO-8601 with an offset (2026-11-24T10:00:00+00:00) "
                + "or a local time in \(timeZone.gantryName) (2026-11-24T10:00)")
        }
    }

    /// Parses an ISO-8601 time with an offset, as given to `--at` or `--after`.
    ///
    /// Accepted: `2026-11-24T10:00:00+00:00`, `2026-11-24T10:00+01:00`, `…Z`, `…+0100`, and a
    /// space instead of `T`. A time without an offset is refused: it would be ambiguous.
    /// - Throws: `GatesError.invalidTime` naming the text and the expected form.
    public static func parseISO8601(_ text: String) throws(GatesError) -> Date {
        let hint = "expected ISO-8601 with an offset, e.g. 2026-11-24T10:00:00+00:00"
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|z|[+-]\d{2}:?\d{2})$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: trimmed, range: NSRange(trimmed.startIndex..., in: trimmed))
        else {
            throw .invalidTime(text, hint: hint)
        }
        func group(_ index: Int) -> String? {
            guard let range = Range(match.range(at: index), in: trimmed) else { return nil }
            return String(trimmed[range])
        }
        let numbers = (1...6).map { group($0).flatMap { Int($0) } ?? 0 }
        let (year, month, day, hour, minute, second) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5])
        guard (1...12).contains(month), (1...ZoneCalendar.daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else {
            throw .invalidTime(text, hint: "date or time out of range; \(hint)")
        }
        let offset = try parseOffset(group(7) ?? "", text: text, hint: hint)
        let local = (ZoneCalendar.dayNumber(year: year, month: month, day: day) * 86_400)
            + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(local - offset))
    }

    private static func parseOffset(_ text: String, text original: String, hint: String) throws(GatesError) -> Int {
        if text.uppercased() == "Z" { return 0 }
        let digits = text.dropFirst().filter(\.isNumber)
        guard digits.count == 4, let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)),
              hours <= 18, minutes < 60
        else {
            throw .invalidTime(original, hint: "bad offset \"\(text)\"; \(hint)")
        }
        let magnitude = hours * 3600 + minutes * 60
        return text.hasPrefix("-") ? -magnitude : magnitude
    }
}
