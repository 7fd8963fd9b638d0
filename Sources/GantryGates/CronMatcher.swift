/// A cron expression as lookup tables, for the field arithmetic of the next-fire search.
///
/// Local times are minutes since 1970-01-01T00:00 on the zone's wall clock; DST plays no part
/// here (see `CronExpression.next(after:in:)`, which maps wall-clock minutes to instants).
struct CronMatcher {
    private let minutes: [Int]
    private let hours: [Int]
    private let months: UInt64
    private let daysOfMonth: UInt64
    private let daysOfWeek: UInt64
    /// Both day fields restricted: a day matches if either does (Vixie cron).
    private let eitherDay: Bool

    init(_ cron: CronExpression) {
        minutes = (0...59).filter { cron.minuteBits >> $0 & 1 == 1 }
        hours = (0...23).filter { cron.hourBits >> $0 & 1 == 1 }
        months = cron.monthBits
        daysOfMonth = cron.dayOfMonthBits
        daysOfWeek = cron.dayOfWeekBits
        eitherDay = cron.dayOfMonthRestricted && cron.dayOfWeekRestricted
    }

    /// The first matching local minute at or after `start`, on a day no later than `lastDay`.
    ///
    /// Months that do not match are skipped whole, days one by one, and within a day only the
    /// listed hours and minutes are looked at: never more than a few hundred steps a year.
    func firstMatch(atOrAfter start: Int, lastDay: Int) -> Int? {
        var day = ZoneCalendar.floorDiv(start, 1440)
        var minute = ZoneCalendar.floorMod(start, 1440)
        while day <= lastDay {
            let (year, month, dayOfMonth) = ZoneCalendar.civil(fromDay: day)
            if months >> month & 1 == 0 {
                var (nextYear, nextMonth) = (year, month)
                repeat {
                    nextMonth += 1
                    if nextMonth > 12 { (nextYear, nextMonth) = (nextYear + 1, 1) }
                } while months >> nextMonth & 1 == 0
                day = ZoneCalendar.dayNumber(year: nextYear, month: nextMonth, day: 1)
                minute = 0
                continue
            }
            if dayMatches(day: day, dayOfMonth: dayOfMonth), let time = firstTime(atOrAfter: minute) {
                return day * 1440 + time
            }
            day += 1
            minute = 0
        }
        return nil
    }

    private func dayMatches(day: Int, dayOfMonth: Int) -> Bool {
        let weekday = ZoneCalendar.floorMod(day + 4, 7) // 1970-01-01 was a Thursday; 0 = Sunday
        let onDay = daysOfMonth >> dayOfMonth & 1 == 1, onWeekday = daysOfWeek >> weekday & 1 == 1
        return eitherDay ? onDay || onWeekday : onDay && onWeekday
    }

    private func firstTime(atOrAfter minute: Int) -> Int? {
        let (startHour, startMinute) = (minute / 60, minute % 60)
        for hour in hours where hour >= startHour {
            let from = hour == startHour ? startMinute : 0
            if let found = minutes.first(where: { $0 >= from }) { return hour * 60 + found }
        }
        return nil
    }
}
