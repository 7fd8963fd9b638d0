import Foundation

extension CronExpression {
    /// How far ahead a fire time is looked for. Weekdays and leap days repeat within 28 years,
    /// so an expression with no fire time in that span has none at all.
    public static let searchDays = 28 * 366

    /// The first fire time strictly after `date`, evaluated in `timeZone` with the documented DST rules (docs/schedules.md).
    ///
    /// The search is field arithmetic on the wall clock (skip months, then days, then hours and
    /// minutes that cannot match), never a scan of minutes, so a rare expression such as
    /// `0 0 29 2 *` costs no more than `*/5 * * * *`. The matching wall-clock minute is then
    /// mapped to an instant: a time skipped by a forward jump fires at the first instant after
    /// the jump, a repeated time at its first occurrence. Wall-clock minutes map to instants in
    /// order (never backwards), so the first matching minute whose instant lies after `date` is
    /// the answer, and several skipped minutes that land on one instant fire once.
    ///
    /// - Returns: nil when the expression never fires again.
    public func next(after date: Date, in timeZone: TimeZone) -> CronFire? {
        next(after: date, zone: ZoneCalendar(timeZone: timeZone), matcher: CronMatcher(self))
    }

    /// The first `count` fire times strictly after `date`.
    public func fires(after date: Date, count: Int, in timeZone: TimeZone) -> [CronFire] {
        let zone = ZoneCalendar(timeZone: timeZone)
        let matcher = CronMatcher(self)
        var result: [CronFire] = []
        var cursor = date
        while result.count < count, let fire = next(after: cursor, zone: zone, matcher: matcher) {
            result.append(fire)
            cursor = fire.instant
        }
        return result
    }

    /// The latest fire time in `(lower, upper]`, if there is one.
    ///
    /// This is how slots missed while no scheduler ran fold into one: only the latest fires. The
    /// span is searched backwards from `upper` in growing steps, so a long outage of a frequent
    /// expression does not walk every missed slot.
    public func latest(after lower: Date, upTo upper: Date, in timeZone: TimeZone) -> CronFire? {
        let zone = ZoneCalendar(timeZone: timeZone)
        let matcher = CronMatcher(self)
        var span: TimeInterval = 3600
        while true {
            let start = max(lower, upper.addingTimeInterval(-span))
            if var last = next(after: start, zone: zone, matcher: matcher), last.instant <= upper {
                while let later = next(after: last.instant, zone: zone, matcher: matcher), later.instant <= upper {
                    last = later
                }
                return last
            }
            if start == lower { return nil }
            span *= 8
        }
    }

    private func next(after date: Date, zone: ZoneCalendar, matcher: CronMatcher) -> CronFire? {
        let first = firstMinute(after: date, zone: zone)
        let lastDay = ZoneCalendar.floorDiv(first, 1440) + Self.searchDays
        guard let minute = matcher.firstMatch(atOrAfter: first, lastDay: lastDay) else { return nil }
        let local = minute * 60
        let readings = zone.readings(of: local)
        let shift: CronFire.Shift? = readings.isEmpty ? .skipped : (readings.count > 1 ? .repeated : nil)
        let (year, month, day) = ZoneCalendar.civil(fromDay: ZoneCalendar.floorDiv(minute, 1440))
        let ofDay = ZoneCalendar.floorMod(minute, 1440)
        return CronFire(instant: zone.instant(local: local),
                        local: LocalDateTime(year: year, month: month, day: day, hour: ofDay / 60, minute: ofDay % 60),
                        shift: shift)
    }

    /// The first wall-clock minute whose instant lies strictly after `date`.
    ///
    /// Usually the minute after the wall clock's reading at `date`; inside a repeated hour the
    /// minutes ahead were already passed at their first occurrence, so it moves on to the first
    /// minute that still lies ahead (a galloping search, then halving).
    private func firstMinute(after date: Date, zone: ZoneCalendar) -> Int {
        let start = ZoneCalendar.floorDiv(zone.localSeconds(at: date), 60) + 1
        func ahead(_ minute: Int) -> Bool { zone.instant(local: minute * 60) > date }
        if ahead(start) { return start }
        var passed = start, step = 1
        while !ahead(passed + step) {
            passed += step
            step *= 2
        }
        var upper = passed + step
        while upper - passed > 1 {
            let middle = passed + (upper - passed) / 2
            if ahead(middle) { upper = middle } else { passed = middle }
        }
        return upper
    }
}
