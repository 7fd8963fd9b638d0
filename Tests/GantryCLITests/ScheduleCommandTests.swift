import Foundation
import GantryGates
import Testing
import GantryTestSupport

/// The schedule verbs through the binary, without deploying: next, list, add, remove, preview, history.
@Suite struct ScheduleCommandTests {
    let project: TemporaryDirectory

    /// Tomorrow 00:00 UTC and the day after the next: the freeze of the test pipeline, relative to now.
    let freezeStart: Date
    let freezeEnd: Date

    init() throws {
        project = try TemporaryDirectory(prefix: "gantry-schedule")
        let today = floor(Date().timeIntervalSince1970 / 86_400) * 86_400
        freezeStart = Date(timeIntervalSince1970: today + 86_400)
        freezeEnd = Date(timeIntervalSince1970: today + 3 * 86_400)
        func local(_ date: Date) -> String { String(WindowFormat.iso8601(date, in: .gmt).prefix(16)) }
        try Self.writePipeline(in: project.path, production: """
                windows:
                  timezone: UTC
                  freeze:
                    - { from: "\(local(freezeStart))", to: "\(local(freezeEnd))", reason: "Code freeze" }
                schedule:
                  - { cron: "0 10 * * *", on_closed_window: defer }
            """)
    }

    /// Writes `<folder>/pipelines/shop.yml`: staging, and production from it with `production` (lines
    /// indented by four spaces) added; its host is never contacted by these tests.
    static func writePipeline(in folder: String, production: String) throws {
        try FileManager.default.createDirectory(atPath: folder + "/pipelines", withIntermediateDirectories: true)
        try """
        version: 1
        name: shop
        hosts:
          web-1: { address: 127.0.0.1 }
        environments:
          staging: { hosts: [web-1] }
          production:
            from: staging
            hosts: [web-1]
        \(production)
        steps:
          - run: "true"
        """.write(toFile: folder + "/pipelines/shop.yml", atomically: true, encoding: .utf8)
    }

    @discardableResult
    func gantry(_ arguments: String...) throws -> GantryBinary.Result {
        try GantryBinary.run(["--pipelines", project.path + "/pipelines", "--state", project.path + "/state/state.db"] + arguments,
                             in: project.url)
    }

    @Test func nextPrintsTimesInTheZoneWithDSTFlagged() throws {
        let text = try gantry("schedule", "next", "30 1 * * *", "--timezone", "Europe/London",
                              "--after", "2027-03-27T00:00:00Z", "--count", "3")
        #expect(text.status == 0)
        #expect(text.stdout == """
            2027-03-27T01:30:00+00:00
            2027-03-28T02:00:00+01:00  (DST gap: 01:30 does not exist that day; fires at the first instant after the jump)
            2027-03-29T01:30:00+01:00

            """)
        let json = try gantry("schedule", "next", "0 0 29 2 *", "--after", "2026-01-01T00:00:00+00:00", "--count", "2", "--json")
        #expect(json.stdout == "{\"times\":[\"2028-02-29T00:00:00+00:00\",\"2032-02-29T00:00:00+00:00\"]}\n")
        let repeated = try gantry("schedule", "next", "30 1 * * *", "--timezone", "Europe/London",
                                  "--after", "2026-10-25T00:00:00+01:00", "--count", "1")
        #expect(repeated.stdout == "2026-10-25T01:30:00+01:00  (DST repeat: 01:30 occurs twice that day; fires at the first)\n")
    }

    @Test(arguments: [
        (["schedule", "next", "0 0 30 2 *"], "gantry: error: invalid cron '0 0 30 2 *': never fires: no month in '2' has day '30'\n"),
        (["schedule", "next", "5/10 * * * *"],
         "gantry: error: invalid cron '5/10 * * * *': '5/10' in minute field is a step without a range; write '5-59/10' or '*/10'\n"),
        (["schedule", "next", "@daily", "--timezone", "Europe/Lodnon"],
         "gantry: error: unknown time zone 'Europe/Lodnon' (did you mean 'Europe/London'?)\n"),
        (["schedule", "next", "@daily", "--after", "2026-11-24T10:00"],
         "gantry: error: --after: invalid time \"2026-11-24T10:00\": expected ISO-8601 with an offset, e.g. 2026-11-24T10:00:00+00:00\n"),
        (["schedule", "next", "@daily", "--count", "0"], "gantry: error: --count must be between 1 and 1000, found 0\n"),
        (["schedule", "remove", "seven"], "gantry: error: schedule id must be a number such as 7, found 'seven'\n"),
        (["schedule", "remove", "99"], "gantry: error: there is no schedule #99 (`gantry schedule list` shows them)\n"),
        (["schedule", "add", "shop", "production", "--at", "2020-01-01T00:00:00Z"],
         "gantry: error: 2020-01-01T00:00:00+00:00 is in the past (now is "),
        (["schedule", "add", "shop", "production", "--at", "2099-01-01T00:00:00Z", "--artifact", "v9"],
         "gantry: error: artifact shop:v9 is not recorded; build it first with `gantry build shop`\n"),
        (["schedule", "add", "shop", "staging", "--at", "2099-01-01T00:00:00Z"],
         "gantry: error: staging is an entry environment: a schedule for it needs --artifact TAG\n"),
        (["schedule", "add", "shop", "production", "--at", "2099-01-01T00:00:00Z", "--on-closed-window", "wait"],
         "gantry: error: --on-closed-window must be skip or defer, found 'wait'\n"),
        (["schedule", "preview", "shop", "production", "--next", "0"], "gantry: error: --next must be between 1 and 100, found 0\n"),
    ])
    func badInputIsAUsageError(arguments: [String], message: String) throws {
        let result = try GantryBinary.run(["--pipelines", project.path + "/pipelines", "--state", project.path + "/state/state.db"]
                                          + arguments, in: project.url)
        #expect(result.status == 2)
        #expect(message.hasSuffix("\n") ? result.stderr == message : result.stderr.hasPrefix(message), "\(result.stderr)")
    }

    @Test func listAddRemoveAndHistory() throws {
        let before = try gantry("schedule", "list")
        #expect(before.status == 0)
        #expect(before.stdout.contains("-     shop/production cron \"0 10 * * *\" on_closed_window: defer"))
        #expect(before.stdout.contains("registered on the scheduler's next pass"))

        let tick = try gantry("scheduler", "tick")
        #expect(tick.status == 0, "\(tick.stderr)")
        let added = try gantry("schedule", "add", "shop", "production", "--at", "2099-01-01T10:00:00+01:00", "--missed", "skip")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "schedule #2: shop/production once at 2099-01-01T09:00:00+00:00, promoting what the from "
            + "environment runs then; a running scheduler fires it\n")

        let list = try gantry("schedule", "list", "shop", "--json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        let schedules = try #require(document["schedules"] as? [[String: Any]])
        #expect(schedules.map { $0["id"] as? Int } == [1, 2])
        #expect(schedules.map { $0["source"] as? String } == ["pipeline", "one-off"])
        #expect(schedules[0]["cron"] as? String == "0 10 * * *" && schedules[0]["on_closed_window"] as? String == "defer")
        #expect(schedules[1]["run_at"] as? String == "2099-01-01T09:00:00+00:00" && schedules[1]["missed"] as? String == "skip")
        #expect(schedules[1]["next_at"] as? String == "2099-01-01T09:00:00+00:00")

        let pipelineOne = try gantry("schedule", "remove", "1")
        #expect(pipelineOne.status == 2)
        #expect(pipelineOne.stderr == "gantry: error: schedule #1 is the pipeline schedule '0 10 * * *' of shop/production; "
            + "remove it from the pipeline file\n")
        #expect(try gantry("schedule", "remove", "#2").stdout == "removed schedule #2 (shop/production)\n")
        #expect(try gantry("schedule", "list", "--json").stdout.contains("one-off") == false)
        let audit = try gantry("audit", "--json")
        #expect(audit.stdout.contains("\"action\":\"schedule-add\"") && audit.stdout.contains("\"action\":\"schedule-remove\""))
        #expect(audit.stdout.contains("\"action\":\"schedule-sync\""))
        #expect(try gantry("schedule", "history").stdout == "no schedule has fired yet\n")
    }

    @Test func previewShowsTheFreezeAndWhereTheSlotIsDeferredTo() throws {
        let result = try gantry("schedule", "preview", "shop", "production", "--next", "4")
        #expect(result.status == 0, "\(result.stderr)")
        let year = LocalDateTime(Date(), in: .gmt).year
        let frozen = LocalDateTime(freezeStart.addingTimeInterval(10 * 3600), in: .gmt).dayAndTime(currentYear: year)
        let opening = LocalDateTime(freezeEnd, in: .gmt).dayAndTime(currentYear: year)
        #expect(result.stdout.hasPrefix("shop/production: times in UTC; promotes what staging runs (nothing yet)\n"))
        #expect(result.stdout.contains("\(frozen) (\(WindowFormat.iso8601(freezeStart.addingTimeInterval(10 * 3600), in: .gmt))) "
            + "cron 0 10 * * *: frozen (Code freeze), would be deferred to \(opening); blocked now by path: nothing has "
            + "succeeded in staging yet"), "\(result.stdout)")
        let json = try gantry("schedule", "preview", "shop", "production", "--next", "4", "--json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let slots = try #require(document["slots"] as? [[String: Any]])
        #expect(slots.count == 4)
        #expect(slots.contains { $0["action"] as? String == "deferred"
            && $0["deferred_to"] as? String == WindowFormat.iso8601(freezeEnd, in: .gmt) })
        #expect(Set(slots[0].keys) == ["schedule", "at", "local", "wall_clock", "artifact", "action", "blocked_by", "deferred_to", "dst"]
                || Set(slots[0].keys).isSuperset(of: ["schedule", "at", "local", "action", "blocked_by"]))
    }
}
