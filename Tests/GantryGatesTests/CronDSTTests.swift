import Foundation
import Testing
@testable import GantryGates

/// The DST rules for cron on the DST weekends of London, New York and Sydney: a skipped local
/// time fires once, at the first instant after the jump; a repeated one once, at its first occurrence.
@Suite struct CronDSTTests {
    func fires(_ text: String, _ zone: String, after: String, count: Int) throws -> [String] {
        let tz = try #require(TimeZone(identifier: zone))
        return try CronExpression(text).fires(after: try instant(after), count: count, in: tz).map {
            WindowFormat.iso8601($0.instant, in: tz) + ($0.shift.map { " \($0.rawValue)" } ?? "")
        }
    }

    @Test func londonSpringForwardSkipsOneToTwo() throws {
        // 2027-03-28: 01:00 GMT becomes 02:00 BST.
        #expect(try fires("30 1 * * *", "Europe/London", after: "2027-03-27T12:00:00Z", count: 2) ==
                ["2027-03-28T02:00:00+01:00 skipped", "2027-03-29T01:30:00+01:00"])
        #expect(try fires("0 * * * *", "Europe/London", after: "2027-03-27T23:30:00Z", count: 3) ==
                ["2027-03-28T00:00:00+00:00", "2027-03-28T02:00:00+01:00 skipped", "2027-03-28T03:00:00+01:00"])
    }

    @Test func londonFallBackFiresTheFirstOccurrenceOnly() throws {
        // 2026-10-25: 02:00 BST becomes 01:00 GMT, so 01:00–01:59 happens twice.
        #expect(try fires("30 1 * * *", "Europe/London", after: "2026-10-24T12:00:00Z", count: 2) ==
                ["2026-10-25T01:30:00+01:00 repeated", "2026-10-26T01:30:00+00:00"])
        #expect(try fires("0 * * * *", "Europe/London", after: "2026-10-24T23:30:00Z", count: 3) ==
                ["2026-10-25T01:00:00+01:00 repeated", "2026-10-25T02:00:00+00:00", "2026-10-25T03:00:00+00:00"])
    }

    @Test func newYorkSpringForwardAndFallBack() throws {
        // 2026-03-08: 02:00 EST becomes 03:00 EDT. 2026-11-01: 02:00 EDT becomes 01:00 EST.
        #expect(try fires("30 2 * * *", "America/New_York", after: "2026-03-07T12:00:00Z", count: 2) ==
                ["2026-03-08T03:00:00-04:00 skipped", "2026-03-09T02:30:00-04:00"])
        #expect(try fires("*/30 * * * *", "America/New_York", after: "2026-03-08T06:15:00Z", count: 3) ==
                ["2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00 skipped", "2026-03-08T03:30:00-04:00"])
        #expect(try fires("30 1 * * *", "America/New_York", after: "2026-10-31T12:00:00Z", count: 2) ==
                ["2026-11-01T01:30:00-04:00 repeated", "2026-11-02T01:30:00-05:00"])
        #expect(try fires("0 * * * *", "America/New_York", after: "2026-11-01T04:30:00Z", count: 3) ==
                ["2026-11-01T01:00:00-04:00 repeated", "2026-11-01T02:00:00-05:00", "2026-11-01T03:00:00-05:00"])
    }

    @Test func sydneyForwardInOctoberBackInApril() throws {
        // 2026-10-04: 02:00 AEST becomes 03:00 AEDT. 2027-04-04: 03:00 AEDT becomes 02:00 AEST.
        #expect(try fires("15 2 * * *", "Australia/Sydney", after: "2026-10-03T00:00:00Z", count: 2) ==
                ["2026-10-04T03:00:00+11:00 skipped", "2026-10-05T02:15:00+11:00"])
        #expect(try fires("0 * * * *", "Australia/Sydney", after: "2026-10-03T14:30:00Z", count: 2) ==
                ["2026-10-04T01:00:00+10:00", "2026-10-04T03:00:00+11:00 skipped"])
        #expect(try fires("30 2 * * *", "Australia/Sydney", after: "2027-04-03T00:00:00Z", count: 2) ==
                ["2027-04-04T02:30:00+11:00 repeated", "2027-04-05T02:30:00+10:00"])
        #expect(try fires("0 * * * *", "Australia/Sydney", after: "2027-04-03T14:30:00Z", count: 3) ==
                ["2027-04-04T02:00:00+11:00 repeated", "2027-04-04T03:00:00+10:00", "2027-04-04T04:00:00+10:00"])
    }

    @Test func severalSkippedTimesThatLandOnOneInstantFireOnce() throws {
        // */20 between 01:00 and 02:59 in London on 2027-03-28: 01:00, 01:20 and 01:40 do not exist.
        #expect(try fires("*/20 1-2 * * *", "Europe/London", after: "2027-03-28T00:00:00Z", count: 3) ==
                ["2027-03-28T02:00:00+01:00 skipped", "2027-03-28T02:20:00+01:00", "2027-03-28T02:40:00+01:00"])
    }

    @Test func theLatestMissedSlotAcrossAJump() throws {
        let tz = try #require(TimeZone(identifier: "Europe/London"))
        let latest = try CronExpression("30 1 * * *").latest(after: try instant("2027-03-27T12:00:00Z"),
                                                             upTo: try instant("2027-03-28T05:00:00Z"), in: tz)
        #expect(iso(latest?.instant, tz) == "2027-03-28T02:00:00+01:00")
        #expect(latest?.shift == .skipped)
        #expect(latest?.local == LocalDateTime(year: 2027, month: 3, day: 28, hour: 1, minute: 30))
    }
}
