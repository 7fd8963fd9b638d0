import Foundation

extension WindowPolicy {
    /// How far ahead an opening is looked for; later openings are reported as "none".
    public static let openingHorizon: TimeInterval = 366 * 86_400

    /// Evaluates the windows at `date`.
    ///
    /// The next opening or closing is found by checking candidate boundary instants (every
    /// allow entry's start or end on each day, every freeze bound) in order, never by scanning
    /// minute by minute: the open set is a union of half-open intervals, so it can only begin
    /// where an allow entry starts or a freeze ends, and only end where an allow entry ends or a
    /// freeze starts. Adjacent and overlapping entries are therefore continuous.
    ///
    /// - Parameter date: the instant to evaluate, normally `clock.now()`.
    public func evaluate(at date: Date) -> WindowStatus {
        let zone = ZoneCalendar(timeZone: timeZone)
        let frozen = activeFreezes(at: date, zone: zone)
        if let freeze = frozen.max(by: { zone.instant($0.to) < zone.instant($1.to) }) {
            return WindowStatus(isOpen: false, reason: freezeReason(freeze), match: .freeze(freeze),
                                opensAt: nextOpening(after: date, zone: zone), closesAt: nil)
        }
        if allow.isEmpty {
            return WindowStatus(isOpen: true, reason: "open: no availability windows restrict it",
                                match: nil, opensAt: nil, closesAt: nextClosing(after: date, zone: zone))
        }
        if let entry = matchingAllow(at: date, zone: zone) {
            return WindowStatus(isOpen: true, reason: "inside \(Self.describe(entry)) \(timeZone.gantryName)",
                                match: .allow(entry), opensAt: nil, closesAt: nextClosing(after: date, zone: zone))
        }
        let entries = allow.map(Self.describe).joined(separator: ", ")
        return WindowStatus(isOpen: false, reason: "outside \(entries) (\(timeZone.gantryName))", match: nil,
                            opensAt: nextOpening(after: date, zone: zone), closesAt: nil)
    }

    /// True when a deployment may start at `date`.
    public func isOpen(at date: Date) -> Bool {
        isOpen(at: date, zone: ZoneCalendar(timeZone: timeZone))
    }

    // MARK: - Membership

    func isOpen(at date: Date, zone: ZoneCalendar) -> Bool {
        activeFreezes(at: date, zone: zone).isEmpty && (allow.isEmpty || matchingAllow(at: date, zone: zone) != nil)
    }

    func activeFreezes(at date: Date, zone: ZoneCalendar) -> [Freeze] {
        freezes.filter { zone.instant($0.from) <= date && date < zone.instant($0.to) }
    }

    func matchingAllow(at date: Date, zone: ZoneCalendar) -> AllowWindow? {
        let today = zone.localDay(at: date)
        // An occurrence starts on its own local day and ends by the end of the next one, so
        // only occurrences that started today or yesterday can contain `date`.
        for entry in allow {
            for day in (today - 1)...today {
                let (start, end) = occurrence(of: entry, day: day, zone: zone)
                if entry.days.contains(ZoneCalendar.weekday(ofDay: day)), start <= date, date < end {
                    return entry
                }
            }
        }
        return nil
    }

    /// The instants `[start, end)` of `entry` when it starts on local day `day`.
    func occurrence(of entry: AllowWindow, day: Int, zone: ZoneCalendar) -> (start: Date, end: Date) {
        let from = entry.from.minutesOfDay
        var to = entry.to.minutesOfDay
        // `to` not after `from` runs past midnight into the next day.
        if to <= from { to += 1440 }
        return (zone.instant(day: day, minutes: from), zone.instant(day: day, minutes: to))
    }

    // MARK: - Boundary search

    func nextOpening(after date: Date, zone: ZoneCalendar) -> Date? {
        let limit = date.addingTimeInterval(Self.openingHorizon)
        let freezeEnds = freezes.map { zone.instant($0.to) }.filter { $0 > date && $0 <= limit }
        if allow.isEmpty {
            return freezeEnds.sorted().first { isOpen(at: $0, zone: zone) }
        }
        // Allow starts lie within their own local day, so walking the days in chunks keeps the
        // candidates in order; freeze ends are merged in by the chunk's instant range.
        let chunk = 7
        var first = zone.localDay(at: date)
        while zone.instant(day: first, minutes: 0) <= limit {
            let lower = zone.instant(day: first, minutes: 0)
            let upper = zone.instant(day: first + chunk, minutes: 0)
            var candidates = freezeEnds.filter { $0 >= lower && $0 < upper }
            for day in first..<(first + chunk) {
                let weekday = ZoneCalendar.weekday(ofDay: day)
                for entry in allow where entry.days.contains(weekday) {
                    candidates.append(occurrence(of: entry, day: day, zone: zone).start)
                }
            }
            if let found = candidates.filter({ $0 > date && $0 <= limit }).sorted().first(where: { isOpen(at: $0, zone: zone) }) {
                return found
            }
            first += chunk
        }
        return nil
    }

    func nextClosing(after date: Date, zone: ZoneCalendar) -> Date? {
        var candidates = freezes.map { zone.instant($0.from) }.filter { $0 > date }
        if !allow.isEmpty {
            // Allow entries repeat every week, so a gap in them shows within eight days; beyond
            // that only a freeze can close.
            let today = zone.localDay(at: date)
            for day in (today - 1)...(today + 8) {
                let weekday = ZoneCalendar.weekday(ofDay: day)
                for entry in allow where entry.days.contains(weekday) {
                    let end = occurrence(of: entry, day: day, zone: zone).end
                    if end > date { candidates.append(end) }
                }
            }
        }
        return candidates.sorted().first { !isOpen(at: $0, zone: zone) }
    }
}
