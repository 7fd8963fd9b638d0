import Foundation
import Testing
@testable import GantryGates

/// DST weekends: a skipped local time means the first instant after the jump, a repeated one
/// its first occurrence.
struct WindowDSTTests {
    static func policy(_ zoneName: String, _ day: Weekday, _ from: String, _ to: String) throws -> WindowPolicy {
        WindowPolicy(timeZone: try zone(zoneName), allow: [AllowWindow(days: [day], from: time(from), to: time(to))], freezes: [])
    }

    @Test func londonSpringForwardStartInsideTheSkippedHour() throws {
        // 2027-03-28: 01:00 GMT jumps to 02:00 BST; 01:30 does not exist.
        let policy = try Self.policy("Europe/London", .sunday, "01:30", "03:00")
        let before = policy.evaluate(at: try instant("2027-03-28T00:59:59Z"))
        #expect(!before.isOpen)
        #expect(iso(before.opensAt, policy.timeZone) == "2027-03-28T02:00:00+01:00")
        let after = policy.evaluate(at: try instant("2027-03-28T01:00:00Z"))
        #expect(after.isOpen)
        #expect(iso(after.closesAt, policy.timeZone) == "2027-03-28T03:00:00+01:00")
    }

    @Test func londonSpringForwardEndInsideTheSkippedHour() throws {
        let policy = try Self.policy("Europe/London", .sunday, "00:00", "01:30")
        let status = policy.evaluate(at: try instant("2027-03-28T00:30:00+00:00"))
        #expect(status.isOpen)
        #expect(iso(status.closesAt, policy.timeZone) == "2027-03-28T02:00:00+01:00")
        // Entirely inside the gap: the window is empty that day and opens a week later.
        let empty = try Self.policy("Europe/London", .sunday, "01:10", "01:50")
        let next = empty.evaluate(at: try instant("2027-03-28T00:30:00Z"))
        #expect(!next.isOpen)
        #expect(iso(next.opensAt, empty.timeZone) == "2027-04-04T01:10:00+01:00")
    }

    @Test func londonFallBackUsesTheFirstOccurrence() throws {
        // 2027-10-31: 02:00 BST falls back to 01:00 GMT; 01:00–02:00 happens twice.
        let policy = try Self.policy("Europe/London", .sunday, "01:30", "09:00")
        let before = policy.evaluate(at: try instant("2027-10-30T23:00:00Z"))
        #expect(iso(before.opensAt, policy.timeZone) == "2027-10-31T01:30:00+01:00")
        #expect(policy.isOpen(at: try instant("2027-10-31T00:30:00Z")))
        #expect(policy.isOpen(at: try instant("2027-10-31T01:15:00Z")))
        // A window ending at 01:30 ends at the first 01:30: the repeated half hour is closed.
        let early = try Self.policy("Europe/London", .sunday, "00:00", "01:30")
        let open = early.evaluate(at: try instant("2027-10-30T23:30:00Z"))
        #expect(iso(open.closesAt, early.timeZone) == "2027-10-31T01:30:00+01:00")
        #expect(!early.isOpen(at: try instant("2027-10-31T01:15:00Z")))
    }

    @Test func newYorkSpringForward() throws {
        // 2027-03-14: 02:00 EST jumps to 03:00 EDT.
        let policy = try Self.policy("America/New_York", .sunday, "02:30", "04:00")
        let status = policy.evaluate(at: try instant("2027-03-14T01:00:00-05:00"))
        #expect(!status.isOpen)
        #expect(iso(status.opensAt, policy.timeZone) == "2027-03-14T03:00:00-04:00")
        let open = policy.evaluate(at: try instant("2027-03-14T03:00:00-04:00"))
        #expect(open.isOpen)
        #expect(iso(open.closesAt, policy.timeZone) == "2027-03-14T04:00:00-04:00")
    }

    @Test func newYorkFallBackWindowSpansTheRepeatedHour() throws {
        // 2027-11-07: 02:00 EDT falls back to 01:00 EST. 01:30 means 01:30 EDT; 02:00 occurs once.
        let policy = try Self.policy("America/New_York", .sunday, "01:30", "02:00")
        let before = policy.evaluate(at: try instant("2027-11-07T01:00:00-04:00"))
        #expect(iso(before.opensAt, policy.timeZone) == "2027-11-07T01:30:00-04:00")
        let repeated = policy.evaluate(at: try instant("2027-11-07T01:45:00-05:00"))
        #expect(repeated.isOpen)
        #expect(iso(repeated.closesAt, policy.timeZone) == "2027-11-07T02:00:00-05:00")
    }

    @Test func freezeBoundaryInsideTheSkippedHour() throws {
        let london = try zone("Europe/London")
        let policy = WindowPolicy(timeZone: london, allow: [],
                                  freezes: [Freeze(from: stamp(2027, 3, 27, 12), to: stamp(2027, 3, 28, 1, 30), reason: "Cutover")])
        let status = policy.evaluate(at: try instant("2027-03-28T00:45:00Z"))
        #expect(!status.isOpen)
        #expect(iso(status.opensAt, london) == "2027-03-28T02:00:00+01:00")
    }

    @Test func freezeEndingInTheRepeatedHourEndsAtItsFirstOccurrence() throws {
        let london = try zone("Europe/London")
        let policy = WindowPolicy(timeZone: london, allow: [],
                                  freezes: [Freeze(from: stamp(2027, 10, 30, 18), to: stamp(2027, 10, 31, 1, 30), reason: "Clock change")])
        let frozen = policy.evaluate(at: try instant("2027-10-31T00:15:00Z"))
        #expect(!frozen.isOpen)
        #expect(iso(frozen.opensAt, london) == "2027-10-31T01:30:00+01:00")
        // The second 01:15 (GMT) comes after the first 01:30 (BST): already open.
        #expect(policy.isOpen(at: try instant("2027-10-31T01:15:00+00:00")))
    }

    @Test func sydneyAndAucklandTransitions() throws {
        // Sydney 2026-10-04: 02:00 AEST jumps to 03:00 AEDT.
        let sydney = try Self.policy("Australia/Sydney", .sunday, "02:30", "05:00")
        let spring = sydney.evaluate(at: try instant("2026-10-04T01:00:00+10:00"))
        #expect(iso(spring.opensAt, sydney.timeZone) == "2026-10-04T03:00:00+11:00")
        // Auckland 2026-04-05: 03:00 NZDT falls back to 02:00 NZST; 02:30 means its first occurrence.
        let auckland = try Self.policy("Pacific/Auckland", .sunday, "02:30", "06:00")
        let autumn = auckland.evaluate(at: try instant("2026-04-05T01:00:00+13:00"))
        #expect(iso(autumn.opensAt, auckland.timeZone) == "2026-04-05T02:30:00+13:00")
        let second = auckland.evaluate(at: try instant("2026-04-05T02:15:00+12:00"))
        #expect(second.isOpen)
        #expect(iso(second.closesAt, auckland.timeZone) == "2026-04-05T06:00:00+12:00")
    }

    @Test func zoneCalendarResolvesGapAndFold() throws {
        let calendar = ZoneCalendar(timeZone: try zone("Europe/London"))
        let day = ZoneCalendar.dayNumber(year: 2027, month: 3, day: 28)
        #expect(calendar.instant(day: day, minutes: 90) == (try instant("2027-03-28T01:00:00Z")))
        #expect(calendar.instant(day: day, minutes: 120) == (try instant("2027-03-28T01:00:00Z")))
        let fall = ZoneCalendar.dayNumber(year: 2027, month: 10, day: 31)
        #expect(calendar.instant(day: fall, minutes: 90) == (try instant("2027-10-31T00:30:00Z")))
        #expect(ZoneCalendar.weekday(ofDay: fall) == .sunday)
        #expect(ZoneCalendar.civil(fromDay: fall) == (2027, 10, 31))
    }
}
