import Foundation

/// Wall-clock arithmetic in one time zone, with Gantry's DST rules.
///
/// Local dates are counted as days since 1970-01-01 and local times as seconds since local
/// midnight, so the window rules are plain integer arithmetic; only the zone's UTC offset is
/// asked of Foundation. `Calendar` is deliberately avoided: its handling of skipped and
/// repeated local times differs between platforms, and the contract fixes both:
/// - a local time skipped by a forward jump means the first instant after the jump;
/// - a local time that occurs twice means its first occurrence.
struct ZoneCalendar: Sendable {
    let timeZone: TimeZone

    /// Seconds the zone is ahead of UTC at `date`.
    func offset(at date: Date) -> Int {
        timeZone.secondsFromGMT(for: date)
    }

    /// The wall-clock reading at `date`, as seconds since 1970-01-01T00:00 local.
    func localSeconds(at date: Date) -> Int {
        let utc = Int(floor(date.timeIntervalSince1970))
        return utc + offset(at: date)
    }

    /// The local day number (days since 1970-01-01) that contains `date`.
    func localDay(at date: Date) -> Int {
        Self.floorDiv(localSeconds(at: date), 86_400)
    }

    /// The instant a wall-clock reading denotes, by the contract's DST rules.
    ///
    /// - Parameter local: seconds since 1970-01-01T00:00 local; values past a day's end simply
    ///   roll into the next day, which is how `24:00` is expressed.
    func instant(local: Int) -> Date {
        let offsets = offsets(near: local)
        if let first = readings(of: local, offsets: offsets).first {
            return Date(timeIntervalSince1970: TimeInterval(first))
        }
        // Skipped by a forward jump: the transition lies between the readings under the
        // largest and the smallest offset; find the first instant after it.
        guard let high = offsets.max(), let low = offsets.min() else {
            return Date(timeIntervalSince1970: TimeInterval(local))
        }
        return Date(timeIntervalSince1970: TimeInterval(transition(after: local - high, before: local - low)))
    }

    /// The instants (seconds since 1970 UTC) at which the wall clock reads `local`, in order:
    /// none when a forward jump skips it, two when a fall-back repeats it.
    func readings(of local: Int) -> [Int] {
        readings(of: local, offsets: offsets(near: local))
    }

    private func readings(of local: Int, offsets: Set<Int>) -> [Int] {
        offsets
            .map { local - $0 }
            .filter { offset(at: Date(timeIntervalSince1970: TimeInterval($0))) + $0 == local }
            .sorted()
    }

    /// Offsets in force a day either side of `local`: they cover every transition that could affect it.
    private func offsets(near local: Int) -> Set<Int> {
        var offsets: Set<Int> = []
        for probe in [local - 86_400, local, local + 86_400] {
            offsets.insert(offset(at: Date(timeIntervalSince1970: TimeInterval(probe))))
        }
        return offsets
    }

    /// The first second at or after `lower` whose offset differs from the offset at `lower`,
    /// searched up to `upper`.
    private func transition(after lower: Int, before upper: Int) -> Int {
        let before = offset(at: Date(timeIntervalSince1970: TimeInterval(lower)))
        var low = lower, high = upper
        // Invariant: offset(low) == before, offset(high) != before (or high is the bound).
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if offset(at: Date(timeIntervalSince1970: TimeInterval(mid))) == before {
                low = mid
            } else {
                high = mid
            }
        }
        return high
    }

    /// The instant of local midnight plus `minutes` on local day `day`.
    func instant(day: Int, minutes: Int) -> Date {
        instant(local: day * 86_400 + minutes * 60)
    }

    /// The instant a local date-time denotes.
    func instant(_ value: LocalDateTime) -> Date {
        instant(day: Self.dayNumber(year: value.year, month: value.month, day: value.day),
                minutes: value.hour * 60 + value.minute)
    }

    /// The weekday of a local day number.
    static func weekday(ofDay day: Int) -> Weekday {
        // 1970-01-01 was a Thursday; Weekday numbers Sunday as 1.
        Weekday(rawValue: floorMod(day + 4, 7) + 1) ?? .sunday
    }

    /// Days in a month of the proleptic Gregorian calendar (February 29 in leap years).
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The (year, month, day) of a day number (Howard Hinnant's civil_from_days).
    static func civil(fromDay days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func floorMod(_ a: Int, _ b: Int) -> Int {
        a - floorDiv(a, b) * b
    }
}
