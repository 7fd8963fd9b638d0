import Foundation
import Testing
@testable import GantryGates

/// Next fire times by field form, in UTC: what each form means, checked on a known calendar.
@Suite struct CronNextTests {
    let utc = TimeZone.gmt

    func next(_ text: String, after: String, count: Int = 3, zone: String = "UTC") throws -> [String] {
        let tz = try #require(TimeZone(identifier: zone))
        return try CronExpression(text).fires(after: try instant(after), count: count, in: tz)
            .map { WindowFormat.iso8601($0.instant, in: tz) }
    }

    @Test func everyFieldForm() throws {
        // 2026-11-24 is a Tuesday.
        #expect(try next("*/15 * * * *", after: "2026-11-24T10:07:00Z") ==
                ["2026-11-24T10:15:00+00:00", "2026-11-24T10:30:00+00:00", "2026-11-24T10:45:00+00:00"])
        #expect(try next("0,30 9-17/4 * * *", after: "2026-11-24T13:30:00Z", count: 4) ==
                ["2026-11-24T17:00:00+00:00", "2026-11-24T17:30:00+00:00", "2026-11-25T09:00:00+00:00",
                 "2026-11-25T09:30:00+00:00"])
        #expect(try next("5 4 1,15 * *", after: "2026-11-24T00:00:00Z") ==
                ["2026-12-01T04:05:00+00:00", "2026-12-15T04:05:00+00:00", "2027-01-01T04:05:00+00:00"])
        #expect(try next("0 12 * feb-mar,NOV *", after: "2026-11-29T13:00:00Z") ==
                ["2026-11-30T12:00:00+00:00", "2027-02-01T12:00:00+00:00", "2027-02-02T12:00:00+00:00"])
        #expect(try next("0 10 * * tue", after: "2026-11-24T10:00:00Z") ==
                ["2026-12-01T10:00:00+00:00", "2026-12-08T10:00:00+00:00", "2026-12-15T10:00:00+00:00"])
        #expect(try next("0 8 * * mon-fri", after: "2026-11-27T09:00:00Z") ==
                ["2026-11-30T08:00:00+00:00", "2026-12-01T08:00:00+00:00", "2026-12-02T08:00:00+00:00"])
    }

    @Test func nextIsStrictlyAfter() throws {
        #expect(try next("0 10 * * *", after: "2026-11-24T10:00:00Z", count: 1) == ["2026-11-25T10:00:00+00:00"])
        #expect(try next("0 10 * * *", after: "2026-11-24T09:59:59Z", count: 1) == ["2026-11-24T10:00:00+00:00"])
    }

    @Test func macros() throws {
        let after = "2026-11-24T10:07:00Z"
        #expect(try next("@hourly", after: after, count: 1) == ["2026-11-24T11:00:00+00:00"])
        #expect(try next("@daily", after: after, count: 1) == ["2026-11-25T00:00:00+00:00"])
        #expect(try next("@weekly", after: after, count: 1) == ["2026-11-29T00:00:00+00:00"])
        #expect(try next("@monthly", after: after, count: 1) == ["2026-12-01T00:00:00+00:00"])
        #expect(try next("@yearly", after: after, count: 1) == ["2027-01-01T00:00:00+00:00"])
    }

    @Test func february29thFiresInLeapYearsOnly() throws {
        #expect(try next("0 0 29 2 *", after: "2026-01-01T00:00:00Z") ==
                ["2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00", "2036-02-29T00:00:00+00:00"])
        // 2100 is not a leap year: from 2096 the next is 2104.
        #expect(try next("0 0 29 2 *", after: "2096-03-01T00:00:00Z", count: 1) == ["2104-02-29T00:00:00+00:00"])
    }

    @Test func dayOfWeekSevenIsSunday() throws {
        let sundays = ["2026-11-29T06:00:00+00:00", "2026-12-06T06:00:00+00:00", "2026-12-13T06:00:00+00:00"]
        #expect(try next("0 6 * * 7", after: "2026-11-24T00:00:00Z") == sundays)
        #expect(try next("0 6 * * 0", after: "2026-11-24T00:00:00Z") == sundays)
        #expect(try next("0 6 * * sun", after: "2026-11-24T00:00:00Z") == sundays)
        #expect(try next("0 6 * * 5-7", after: "2026-11-26T00:00:00Z") ==
                ["2026-11-27T06:00:00+00:00", "2026-11-28T06:00:00+00:00", "2026-11-29T06:00:00+00:00"])
    }

    @Test func bothDayFieldsRestrictedMatchEitherDay() throws {
        // The 13th, or any Friday (Vixie cron's OR rule). 2026-11-27 is a Friday.
        #expect(try next("0 0 13 * fri", after: "2026-11-24T00:00:00Z", count: 4) ==
                ["2026-11-27T00:00:00+00:00", "2026-12-04T00:00:00+00:00", "2026-12-11T00:00:00+00:00",
                 "2026-12-13T00:00:00+00:00"])
    }

    @Test func aDayFieldStartingWithStarIsUnrestrictedForTheOrRule() throws {
        // `*/2` starts with `*`: both fields must match — odd days that are Mondays.
        #expect(try next("0 0 */2 * mon", after: "2026-11-24T00:00:00Z") ==
                ["2026-12-07T00:00:00+00:00", "2026-12-21T00:00:00+00:00", "2027-01-11T00:00:00+00:00"])
        // The same days written without `*` are restricted: odd days or Mondays.
        #expect(try next("0 0 1-31/2 * mon", after: "2026-11-24T00:00:00Z") ==
                ["2026-11-25T00:00:00+00:00", "2026-11-27T00:00:00+00:00", "2026-11-29T00:00:00+00:00"])
        #expect(try next("0 0 1-31/2 * mon", after: "2026-11-29T00:00:00Z", count: 2) ==
                ["2026-11-30T00:00:00+00:00", "2026-12-01T00:00:00+00:00"])
        // `*` in the weekday field: only the day of the month decides.
        #expect(try next("0 0 13 * *", after: "2026-11-24T00:00:00Z", count: 2) ==
                ["2026-12-13T00:00:00+00:00", "2027-01-13T00:00:00+00:00"])
    }

    @Test func rareExpressionsAreFoundWithoutScanning() throws {
        // Friday the 13th of February, only (both restricted: OR, so Feb 13 or Fridays in Feb).
        #expect(try next("0 0 13 2 fri", after: "2026-03-01T00:00:00Z", count: 2) ==
                ["2027-02-05T00:00:00+00:00", "2027-02-12T00:00:00+00:00"])
        #expect(try next("59 23 31 12 *", after: "2026-01-01T00:00:00Z", count: 1) == ["2026-12-31T23:59:00+00:00"])
    }

    @Test func latestSlotInASpan() throws {
        let cron = try CronExpression("*/15 * * * *")
        let latest = cron.latest(after: try instant("2026-11-20T00:00:00Z"), upTo: try instant("2026-11-24T10:07:00Z"), in: utc)
        #expect(iso(latest?.instant, utc) == "2026-11-24T10:00:00+00:00")
        let weekly = try CronExpression("0 10 * * tue")
        #expect(iso(weekly.latest(after: try instant("2026-01-01T00:00:00Z"), upTo: try instant("2026-11-24T09:00:00Z"),
                                  in: utc)?.instant, utc) == "2026-11-17T10:00:00+00:00")
        #expect(weekly.latest(after: try instant("2026-11-17T10:00:00Z"), upTo: try instant("2026-11-24T09:00:00Z"), in: utc) == nil)
        let yearly = try CronExpression("0 0 29 2 *")
        #expect(iso(yearly.latest(after: try instant("2020-01-01T00:00:00Z"), upTo: try instant("2026-11-24T00:00:00Z"),
                                  in: utc)?.instant, utc) == "2024-02-29T00:00:00+00:00")
    }
}
