import Foundation
import Testing
@testable import GantryGates

/// The window rules (docs/windows-approvals.md) on ordinary (non-DST) days.
struct WindowEvaluateTests {
    /// The example from the pipeline file in the contract.
    static func webshop() throws -> WindowPolicy {
        WindowPolicy(timeZone: try zone("Europe/London"),
                     allow: [AllowWindow(days: [.monday, .tuesday, .wednesday, .thursday], from: time("09:00"), to: time("17:00"))],
                     freezes: [Freeze(from: stamp(2026, 12, 20), to: stamp(2027, 1, 4), reason: "Holiday freeze")])
    }

    @Test func insideAnAllowEntryIsOpenUntilItsEnd() throws {
        let policy = try Self.webshop()
        let status = policy.evaluate(at: try instant("2026-11-24T10:00:00+00:00"))
        #expect(status.isOpen)
        #expect(status.reason == "inside Mon–Thu 09:00–17:00 Europe/London")
        #expect(status.match == .allow(policy.allow[0]))
        #expect(status.opensAt == nil)
        #expect(iso(status.closesAt, policy.timeZone) == "2026-11-24T17:00:00+00:00")
    }

    @Test func outsideEveryEntryIsClosedUntilTheNextStart() throws {
        let policy = try Self.webshop()
        let status = policy.evaluate(at: try instant("2026-11-27T10:00:00+00:00"))
        #expect(!status.isOpen)
        #expect(status.reason == "outside Mon–Thu 09:00–17:00 (Europe/London)")
        #expect(status.match == nil)
        #expect(status.closesAt == nil)
        #expect(iso(status.opensAt, policy.timeZone) == "2026-11-30T09:00:00+00:00")
        #expect(status.unblockHint(in: policy.timeZone) == "window opens Mon 09:00 Europe/London")
    }

    @Test func boundariesAreHalfOpen() throws {
        let policy = try Self.webshop()
        #expect(policy.isOpen(at: try instant("2026-11-24T09:00:00+00:00")))
        #expect(!policy.isOpen(at: try instant("2026-11-24T08:59:59+00:00")))
        #expect(policy.isOpen(at: try instant("2026-11-24T16:59:59+00:00")))
        #expect(!policy.isOpen(at: try instant("2026-11-24T17:00:00+00:00")))
    }

    @Test func aFreezeWinsAndOpeningSkipsFrozenDays() throws {
        let policy = try Self.webshop()
        let frozen = policy.evaluate(at: try instant("2026-12-22T10:00:00+00:00"))
        #expect(!frozen.isOpen)
        #expect(frozen.reason == "Holiday freeze until 2027-01-04 00:00 Europe/London")
        #expect(frozen.match == .freeze(policy.freezes[0]))
        #expect(iso(frozen.opensAt, policy.timeZone) == "2027-01-04T09:00:00+00:00")
        #expect(frozen.unblockHint(in: policy.timeZone, relativeTo: try instant("2026-12-22T10:00:00+00:00"))
            == "window opens Mon 2027-01-04 09:00 Europe/London")
        // The last open day before the freeze: closing is the day's end, the next opening after it.
        let before = policy.evaluate(at: try instant("2026-12-17T16:00:00+00:00"))
        #expect(before.isOpen)
        #expect(iso(before.closesAt, policy.timeZone) == "2026-12-17T17:00:00+00:00")
        let after = policy.evaluate(at: try instant("2026-12-17T17:00:00+00:00"))
        #expect(iso(after.opensAt, policy.timeZone) == "2027-01-04T09:00:00+00:00")
    }

    @Test func noAllowEntriesIsAlwaysOpen() throws {
        let utc = try zone("UTC")
        let open = WindowPolicy(timeZone: utc, allow: [], freezes: [])
        let status = open.evaluate(at: try instant("2026-11-24T03:00:00Z"))
        #expect(status.isOpen)
        #expect(status.closesAt == nil)
        #expect(status.reason == "open: no availability windows restrict it")
        let withFreeze = WindowPolicy(timeZone: utc, allow: [],
                                      freezes: [Freeze(from: stamp(2026, 12, 1), to: stamp(2026, 12, 2), reason: nil)])
        let beforeFreeze = withFreeze.evaluate(at: try instant("2026-11-24T03:00:00Z"))
        #expect(iso(beforeFreeze.closesAt, utc) == "2026-12-01T00:00:00+00:00")
        let inFreeze = withFreeze.evaluate(at: try instant("2026-12-01T12:00:00Z"))
        #expect(inFreeze.reason == "freeze until 2026-12-02 00:00 UTC")
        #expect(iso(inFreeze.opensAt, utc) == "2026-12-02T00:00:00+00:00")
    }

    @Test func pastMidnightWindowsBelongToTheirStartDay() throws {
        let utc = try zone("UTC")
        let policy = WindowPolicy(timeZone: utc, allow: [AllowWindow(days: [.friday], from: time("22:00"), to: time("02:00"))], freezes: [])
        // 2026-11-28 is a Saturday: 01:00 is still Friday's window, 23:00 is not.
        let early = policy.evaluate(at: try instant("2026-11-28T01:00:00Z"))
        #expect(early.isOpen)
        #expect(early.reason == "inside Fri 22:00–02:00 UTC")
        #expect(iso(early.closesAt, utc) == "2026-11-28T02:00:00+00:00")
        let late = policy.evaluate(at: try instant("2026-11-28T23:00:00Z"))
        #expect(!late.isOpen)
        #expect(iso(late.opensAt, utc) == "2026-12-04T22:00:00+00:00")
    }

    @Test func aWindowCrossingMidnightIntoAFreezeClosesAtTheFreeze() throws {
        let london = try zone("Europe/London")
        let policy = WindowPolicy(timeZone: london,
                                  allow: [AllowWindow(days: [.thursday], from: time("22:00"), to: time("04:00"))],
                                  freezes: [Freeze(from: stamp(2026, 11, 27), to: stamp(2026, 11, 27, 12), reason: "Black Friday")])
        let thursday = policy.evaluate(at: try instant("2026-11-26T23:00:00Z"))
        #expect(thursday.isOpen)
        #expect(iso(thursday.closesAt, london) == "2026-11-27T00:00:00+00:00")
        let friday = policy.evaluate(at: try instant("2026-11-27T01:00:00Z"))
        #expect(!friday.isOpen)
        #expect(friday.reason == "Black Friday until 2026-11-27 12:00 Europe/London")
        // The freeze ends while Thursday's window is over: next Thursday.
        #expect(iso(friday.opensAt, london) == "2026-12-03T22:00:00+00:00")
    }

    @Test func aFreezeEndingInsideAWindowReopensAtTheFreezeEnd() throws {
        let utc = try zone("UTC")
        let policy = WindowPolicy(timeZone: utc, allow: [AllowWindow(days: Weekday.allCases, from: time("08:00"), to: time("18:00"))],
                                  freezes: [Freeze(from: stamp(2026, 11, 24, 10), to: stamp(2026, 11, 24, 11, 30), reason: "Audit")])
        let status = policy.evaluate(at: try instant("2026-11-24T10:15:00Z"))
        #expect(iso(status.opensAt, utc) == "2026-11-24T11:30:00+00:00")
        let morning = policy.evaluate(at: try instant("2026-11-24T09:00:00Z"))
        #expect(iso(morning.closesAt, utc) == "2026-11-24T10:00:00+00:00")
    }

    @Test func adjacentAndOverlappingEntriesAreContinuous() throws {
        let utc = try zone("UTC")
        let policy = WindowPolicy(timeZone: utc, allow: [
            AllowWindow(days: [.monday], from: time("09:00"), to: time("17:00")),
            AllowWindow(days: [.monday], from: time("17:00"), to: time("20:00")),
            AllowWindow(days: [.monday], from: time("19:00"), to: time("24:00")),
            AllowWindow(days: [.tuesday], from: time("00:00"), to: time("06:00")),
        ], freezes: [])
        let status = policy.evaluate(at: try instant("2026-11-23T10:00:00Z"))
        #expect(status.isOpen)
        #expect(status.match == .allow(policy.allow[0]))
        #expect(iso(status.closesAt, utc) == "2026-11-24T06:00:00+00:00")
        #expect(policy.isOpen(at: try instant("2026-11-23T17:00:00Z")))
        #expect(policy.isOpen(at: try instant("2026-11-24T00:00:00Z")))
    }

    @Test func everyDayAllDayNeverClosesWithoutAFreeze() throws {
        let utc = try zone("UTC")
        let policy = WindowPolicy(timeZone: utc, allow: [AllowWindow(days: Weekday.allCases, from: time("00:00"), to: time("24:00"))], freezes: [])
        let status = policy.evaluate(at: try instant("2026-11-24T10:00:00Z"))
        #expect(status.isOpen)
        #expect(status.reason == "inside every day 00:00–24:00 UTC")
        #expect(status.closesAt == nil)
    }

    @Test func noOpeningWithinAYearIsNil() throws {
        let utc = try zone("UTC")
        let long = WindowPolicy(timeZone: utc, allow: [AllowWindow(days: [.monday], from: time("09:00"), to: time("10:00"))],
                                freezes: [Freeze(from: stamp(2026, 1, 1), to: stamp(2028, 1, 1), reason: "Migration")])
        let status = long.evaluate(at: try instant("2026-06-01T12:00:00Z"))
        #expect(!status.isOpen)
        #expect(status.opensAt == nil)
        #expect(status.unblockHint(in: utc) == "window does not open within a year (Migration until 2028-01-01 00:00 UTC)")
        // The same freeze seen eleven months before its end has an opening.
        let later = long.evaluate(at: try instant("2027-02-01T12:00:00Z"))
        #expect(iso(later.opensAt, utc) == "2028-01-03T09:00:00+00:00")
    }

    @Test func overlappingFreezesReportTheOneEndingLast() throws {
        let utc = try zone("UTC")
        let policy = WindowPolicy(timeZone: utc, allow: [], freezes: [
            Freeze(from: stamp(2026, 12, 1), to: stamp(2026, 12, 10), reason: "Long"),
            Freeze(from: stamp(2026, 12, 5), to: stamp(2026, 12, 6), reason: "Short"),
            Freeze(from: stamp(2026, 12, 10), to: stamp(2026, 12, 12), reason: "Follow-up"),
        ])
        let status = policy.evaluate(at: try instant("2026-12-05T12:00:00Z"))
        #expect(status.reason == "Long until 2026-12-10 00:00 UTC")
        #expect(iso(status.opensAt, utc) == "2026-12-12T00:00:00+00:00")
    }

    @Test func southernHemisphereOffsets() throws {
        let sydney = try zone("Australia/Sydney")
        let weekdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]
        let policy = WindowPolicy(timeZone: sydney, allow: [AllowWindow(days: weekdays, from: time("09:00"), to: time("17:00"))], freezes: [])
        // 2026-11-23T22:00Z is Tuesday 09:00 in Sydney summer time (+11).
        let status = policy.evaluate(at: try instant("2026-11-23T22:00:00Z"))
        #expect(status.isOpen)
        #expect(iso(status.closesAt, sydney) == "2026-11-24T17:00:00+11:00")
        let auckland = try zone("Pacific/Auckland")
        let kiwi = WindowPolicy(timeZone: auckland, allow: policy.allow, freezes: [])
        let winter = kiwi.evaluate(at: try instant("2026-06-01T00:00:00Z"))
        #expect(winter.isOpen)
        #expect(iso(winter.closesAt, auckland) == "2026-06-01T17:00:00+12:00")
        let summer = kiwi.evaluate(at: try instant("2026-12-04T05:00:00Z"))
        #expect(!summer.isOpen)
        #expect(iso(summer.opensAt, auckland) == "2026-12-07T09:00:00+13:00")
    }

    @Test func dayListsReadNaturally() {
        #expect(WindowPolicy.describe(days: [.thursday, .monday, .tuesday, .wednesday]) == "Mon–Thu")
        #expect(WindowPolicy.describe(days: [.monday, .wednesday, .friday]) == "Mon, Wed, Fri")
        #expect(WindowPolicy.describe(days: [.saturday, .sunday]) == "Sat, Sun")
        #expect(WindowPolicy.describe(days: [.monday, .tuesday, .wednesday, .friday, .saturday]) == "Mon–Wed, Fri, Sat")
        #expect(WindowPolicy.describe(days: Weekday.allCases) == "every day")
    }
}
