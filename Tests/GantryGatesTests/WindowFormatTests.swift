import Foundation
import Testing
@testable import GantryGates

/// Times as users type and read them, and the week chart.
struct WindowFormatTests {
    @Test func iso8601CarriesTheZoneOffsetAtThatInstant() throws {
        let london = try zone("Europe/London")
        #expect(WindowFormat.iso8601(try instant("2026-11-24T10:00:00Z"), in: london) == "2026-11-24T10:00:00+00:00")
        #expect(WindowFormat.iso8601(try instant("2026-07-01T09:00:00Z"), in: london) == "2026-07-01T10:00:00+01:00")
        #expect(WindowFormat.iso8601(try instant("2026-11-24T10:00:00Z"), in: try zone("America/New_York")) == "2026-11-24T05:00:00-05:00")
        #expect(WindowFormat.iso8601(try instant("2026-11-24T10:00:00Z"), in: try zone("Asia/Kolkata")) == "2026-11-24T15:30:00+05:30")
    }

    @Test func timesForPeopleSayHowFarAway() throws {
        let now = try instant("2026-12-07T06:50:00Z")   // a Monday
        #expect(WindowFormat.relative(now.addingTimeInterval(2 * 3600 + 600), now: now) == "in 2h 10m")
        #expect(WindowFormat.relative(now.addingTimeInterval(-14 * 60), now: now) == "14 min ago")
        #expect(WindowFormat.relative(now.addingTimeInterval(10), now: now) == "just now")
        #expect(WindowFormat.relative(now.addingTimeInterval(3 * 86_400), now: now) == "in 3 days")
        #expect(WindowFormat.relative(now.addingTimeInterval(-3600), now: now) == "1h ago")
        #expect(WindowFormat.forPeople(try instant("2026-12-09T09:00:00Z"), in: try zone("Europe/London"), now: now)
                == "Wed 09:00 Europe/London (in 2 days)")
    }

    @Test func aLocalTimeIsReadInTheEnvironmentsZoneWithTheDSTRules() throws {
        let london = try zone("Europe/London")
        #expect(try WindowFormat.parseTime("2026-07-01T10:00", in: london) == instant("2026-07-01T09:00:00Z"))
        #expect(try WindowFormat.parseTime("2026-07-01T10:00:00Z", in: london) == instant("2026-07-01T10:00:00Z"))
        // 01:30 does not exist on 2026-03-29 in London: the first instant after the jump.
        #expect(try WindowFormat.parseTime("2026-03-29T01:30", in: london) == instant("2026-03-29T01:00:00Z"))
        // 01:30 happens twice on 2026-10-25: its first occurrence (still summer time).
        #expect(try WindowFormat.parseTime("2026-10-25T01:30", in: london) == instant("2026-10-25T00:30:00Z"))
        #expect(throws: GatesError.self) { try WindowFormat.parseTime("next tuesday", in: london) }
    }

    @Test func theWeekChartMarksNow() throws {
        let policy = WindowPolicy(timeZone: try zone("UTC"), allow: [], freezes: [])
        let chart = WindowWeekView(policy: policy).render(from: try instant("2026-12-07T14:32:00Z"), markNow: true)
        let lines = chart.split(separator: "\n")
        #expect(lines[3] == Substring(String(repeating: " ", count: 12 + 28) + "^ now 14:32"))
    }

    @Test func parsingAcceptsCommonOffsetForms() throws {
        let expected = Date(timeIntervalSince1970: 1_795_510_800) // 2026-11-24T09:00:00Z
        for text in ["2026-11-24T09:00:00+00:00", "2026-11-24T09:00:00Z", "2026-11-24T10:00+01:00",
                     "2026-11-24 10:00:00+0100", "2026-11-24T04:00:00-05:00"] {
            #expect(try WindowFormat.parseISO8601(text) == expected, "\(text)")
        }
    }

    @Test func parsingRefusesAmbiguousOrBrokenTimes() {
        #expect(throws: GatesError.invalidTime("2026-11-24T09:00",
                                               hint: "expected ISO-8601 with an offset, e.g. 2026-11-24T10:00:00+00:00")) {
            try WindowFormat.parseISO8601("2026-11-24T09:00")
        }
        #expect(throws: GatesError.self) { try WindowFormat.parseISO8601("2026-02-30T09:00:00Z") }
        #expect(throws: GatesError.self) { try WindowFormat.parseISO8601("tomorrow") }
        #expect(throws: GatesError.self) { try WindowFormat.parseISO8601("2026-11-24T09:00:00+25:00") }
    }

    @Test func shortFormNamesWeekdayTimeAndZone() throws {
        let london = try zone("Europe/London")
        let date = try instant("2026-11-24T09:00:00Z")
        #expect(WindowFormat.short(date, in: london) == "Tue 09:00 Europe/London")
        #expect(WindowFormat.short(date, in: london, relativeTo: try instant("2026-11-23T09:00:00Z")) == "Tue 09:00 Europe/London")
        #expect(WindowFormat.short(date, in: london, relativeTo: try instant("2026-11-01T09:00:00Z")) == "Tue 2026-11-24 09:00 Europe/London")
    }

    @Test func weekViewShowsOpenClosedAndFrozenHours() throws {
        let utc = try zone("UTC")
        let policy = WindowPolicy(timeZone: utc,
                                  allow: [AllowWindow(days: [.monday, .tuesday], from: time("09:00"), to: time("17:00"))],
                                  freezes: [Freeze(from: stamp(2026, 11, 24, 12), to: stamp(2026, 11, 24, 14), reason: nil)])
        let text = WindowWeekView(policy: policy).render(from: try instant("2026-11-23T15:00:00Z"))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 9)
        #expect(lines[0] == "UTC, week of Mon 2026-11-23   ## open  .. closed  ** frozen")
        #expect(lines[1] == "            00  02  04  06  08  10  12  14  16  18  20  22")
        let closed = String(repeating: ".", count: 2)
        let open = String(repeating: "#", count: 2)
        let monday = String(repeating: closed, count: 9) + String(repeating: open, count: 8) + String(repeating: closed, count: 7)
        #expect(lines[2] == "Mon 11-23   " + monday)
        #expect(lines[3].hasSuffix(String(repeating: open, count: 3) + "****" + String(repeating: open, count: 3) + String(repeating: closed, count: 7)))
        #expect(lines[4] == "Wed 11-25   " + String(repeating: closed, count: 24))
        #expect(!text.contains("\u{1B}["))
        #expect(WindowWeekView(policy: policy).render(from: try instant("2026-11-23T15:00:00Z"), color: true).contains("\u{1B}[32m##"))
    }

    @Test func weekViewFollowsLocalDaysAcrossDST() throws {
        let policy = WindowPolicy(timeZone: try zone("Europe/London"),
                                  allow: [AllowWindow(days: [.sunday], from: time("01:00"), to: time("03:00"))], freezes: [])
        let cells = WindowWeekView(policy: policy).cells(from: try instant("2027-03-28T12:00:00+01:00"))
        #expect(cells.count == 7)
        // On the spring-forward Sunday 01:00 means the jump instant (02:00 BST): 01 and 02 open.
        #expect(Array(cells[0][0...3]) == [.closed, .open, .open, .closed])
    }
}
