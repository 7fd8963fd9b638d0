import Foundation
import Testing
import GantryTestSupport

/// `gantry windows` through the binary: the documented JSON fields, reasons, and `--at`.
@Suite struct WindowsCommandTests {
    let project: TemporaryDirectory

    init() throws {
        project = try TemporaryDirectory(prefix: "gantry-windows")
        try ScheduleCommandTests.writePipeline(in: project.path, production: """
                windows:
                  timezone: Europe/London
                  allow:
                    - { days: [mon, tue, wed, thu], from: "09:00", to: "17:00" }
                  freeze:
                    - { from: "2026-12-20T00:00", to: "2027-01-04T00:00", reason: "Holiday freeze" }
            """)
    }

    func windows(_ arguments: String...) throws -> GantryBinary.Result {
        try GantryBinary.run(["--pipelines", project.path + "/pipelines", "windows", "shop"] + arguments,
                             in: project.url)
    }

    func json(_ result: GantryBinary.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func openWindowHasTheNextClosingAndNoOpening() throws {
        let result = try windows("production", "--at", "2026-11-24T10:00:00+00:00", "--json")
        #expect(result.status == 0)
        let document = try json(result)
        #expect(Set(document.keys) == ["open", "reason", "opens_at", "closes_at"])
        #expect(document["open"] as? Bool == true)
        #expect(document["opens_at"] is NSNull)
        #expect(document["closes_at"] as? String == "2026-11-24T17:00:00+00:00")
    }

    @Test func closedWindowHasTheNextOpeningInTheZonesOffset() throws {
        let document = try json(try windows("production", "--at", "2026-11-26T18:30:00+00:00", "--json"))
        #expect(document["open"] as? Bool == false)
        #expect(document["closes_at"] is NSNull)
        // Thursday evening: next opening is Monday 09:00 London (GMT in November).
        #expect(document["opens_at"] as? String == "2026-11-30T09:00:00+00:00")
        #expect((document["reason"] as? String)?.contains("outside Mon–Thu 09:00–17:00") == true)
    }

    @Test func aFreezeWinsAndNamesItsReason() throws {
        let document = try json(try windows("production", "--at", "2026-12-22T10:00:00+00:00", "--json"))
        #expect(document["open"] as? Bool == false)
        #expect((document["reason"] as? String)?.contains("Holiday freeze") == true)
        #expect(document["opens_at"] as? String == "2027-01-04T09:00:00+00:00")
    }

    @Test func summerTimesCarryTheSummerOffset() throws {
        let document = try json(try windows("production", "--at", "2026-07-01T09:00:00+00:00", "--json"))
        #expect(document["open"] as? Bool == true)
        #expect(document["closes_at"] as? String == "2026-07-01T17:00:00+01:00")
    }

    @Test func anEnvironmentWithoutWindowsIsAlwaysOpen() throws {
        let document = try json(try windows("staging", "--json"))
        #expect(document["open"] as? Bool == true)
        #expect(document["closes_at"] is NSNull)
    }

    @Test func aTimeWithoutAnOffsetIsAUsageError() throws {
        let result = try windows("production", "--at", "2026-11-24T10:00:00")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--at"))
    }

    @Test func atAcceptsALocalTimeInTheEnvironmentsZone() throws {
        // 10:00 in London in July is 09:00 UTC: inside Wednesday's 09:00–17:00.
        let local = try json(windows("production", "--at", "2026-07-01T10:00", "--json"))
        #expect(local["open"] as? Bool == true)
        #expect(local["closes_at"] as? String == "2026-07-01T17:00:00+01:00")
        let text = try windows("production", "--at", "2026-07-01T08:30")
        #expect(text.stdout.contains("closed"))
        #expect(text.stdout.contains("(as of 2026-07-01T08:30:00+01:00)"))
        let bad = try windows("production", "--at", "tomorrow")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("or a local time in Europe/London"))
    }
}
