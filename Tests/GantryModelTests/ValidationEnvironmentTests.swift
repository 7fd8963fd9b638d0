import Testing
@testable import GantryModel

/// Rules about environments and their gates.
@Suite struct ValidationEnvironmentTests {
    /// A pipeline with hosts web-1/web-2, group web, and `environments` as given.
    private func pipeline(environments: String) -> String {
        """
        version: 1
        hosts:
          web-1: { address: 10.0.0.1 }
          web-2: { address: 10.0.0.2 }
        groups:
          web: [web-1, web-2]
        environments:
        \(environments)
        """
    }

    private func findings(_ environments: String) throws -> [String] {
        try PipelineFixture(pipeline(environments: environments)).findings()
    }

    @Test func gatesWithoutFromMustSayEntry() throws {
        #expect(try findings("  staging: { hosts: [web] }\n  production: { hosts: [web], approval: { required: 1 } }") == [
            "9:3: production has approvals but no 'from:'; add 'from: staging' or 'entry: true'",
        ])
        #expect(try findings("  dev:\n    hosts: [web]\n    approval: { required: 1 }\n    windows: { timezone: UTC }") == [
            "8:3: dev has approvals and windows but no 'from:'; add 'entry: true'",
        ])
        #expect(try findings("  dev: { hosts: [web], entry: true, approval: { required: 1 } }").isEmpty)
        #expect(try findings("  dev: { hosts: [web] }\n  qa: { hosts: [web], from: dev, entry: true }") == [
            "9:41: environment 'qa' has 'from' and 'entry: true'; an entry environment has no 'from'",
        ])
        #expect(try findings("  dev: { hosts: [web], entry: yes }") == ["8:31: 'entry' must be true or false, found a string"])
    }

    @Test func unknownHostInEnvironment() throws {
        #expect(try findings("  dev: { hosts: [web-3] }") == [
            "8:18: unknown host or group 'web-3' in environment 'dev' (did you mean 'web-1'?)",
        ])
    }

    @Test func unknownHostInGroup() throws {
        let text = pipeline(environments: "  dev: { hosts: [web] }").replacingOccurrences(of: "[web-1, web-2]", with: "[web-1, wbe-2]")
        #expect(try PipelineFixture(text).findings() == ["6:16: unknown host 'wbe-2' in group 'web' (did you mean 'web-2'?)"])
    }

    @Test func unknownFromWithSuggestion() throws {
        #expect(try findings("  staging: { hosts: [web] }\n  prod: { from: stagin, hosts: [web] }") == [
            "9:17: unknown environment 'stagin' in 'from' (did you mean 'staging'?)",
        ])
    }

    @Test func fromCycle() throws {
        #expect(try findings("  a: { from: b, hosts: [web] }\n  b: { from: a, hosts: [web] }") == [
            "8:14: 'from' cycle: 'a' → 'b' → 'a' (an entry environment has no 'from')",
        ])
    }

    @Test func approvalRequiredBelowOne() throws {
        #expect(try findings("  dev: { hosts: [web], approval: { required: 0 }, entry: true }") == [
            "8:46: 'required' must be at least 1, found 0",
        ])
    }

    @Test func approvalQuorumImpossible() throws {
        #expect(try findings("  dev: { hosts: [web], approval: { required: 3, approvers: [a, b, b] }, entry: true }") == [
            "8:46: approval quorum cannot be met: 3 approvals required but only 2 approvers listed",
        ])
    }

    @Test func badDuration() throws {
        #expect(try findings("  dev: { hosts: [web], approval: { expires: 10 min }, entry: true }") == [
            "8:45: bad duration '10 min' for 'expires' (use a whole number and a unit: 500ms, 30s, 10m, 24h, 7d)",
        ])
    }

    /// `dev` plus a `prod` promoted from it, with `schedule` entries as given (YAML list items).
    private func scheduled(_ entries: String) throws -> [String] {
        try findings("  dev: { hosts: [web] }\n  prod:\n    from: dev\n    hosts: [web]\n    schedule:\n" + entries)
    }

    @Test func badCronStepWithoutRange() throws {
        #expect(try scheduled("      - cron: \"5/10 * * * *\"") == [
            "13:15: bad cron '5/10 * * * *': '5/10' in minute field is a step without a range; write '5-59/10' or '*/10'",
        ])
    }

    @Test func badCronOutOfRange() throws {
        #expect(try scheduled("      - cron: \"0 24 * * *\"") == [
            "13:15: bad cron '0 24 * * *': hour value 24 is out of range 0-23",
        ])
    }

    @Test func cronThatNeverFires() throws {
        #expect(try scheduled("      - cron: \"0 0 31 2 *\"") == [
            "13:15: bad cron '0 0 31 2 *': never fires: no month in '2' has day '31'",
        ])
    }

    @Test func scheduleOptions() throws {
        let text = pipeline(environments: "  dev: { hosts: [web] }\n  prod:\n    from: dev\n    hosts: [web]\n    schedule:\n"
            + "      - { cron: \"0 10 * * tue\", on_closed_window: defer, missed: skip }\n      - cron: \"@daily\"")
        let pipeline = try PipelineFixture(text).pipeline()
        let schedules = try #require(pipeline.environments.last?.schedules)
        #expect(schedules.map(\.cron.source) == ["0 10 * * tue", "@daily"])
        #expect(schedules.map(\.policy.onClosedWindow) == [.defer, .skip])
        #expect(schedules.map(\.policy.missed) == [.skip, .latest])
    }

    @Test func badScheduleOptions() throws {
        #expect(try scheduled("      - { cron: \"@daily\", on_closed_window: wait, missed: latset }") == [
            "13:45: 'on_closed_window' must be 'skip' or 'defer', found 'wait'",
            "13:59: 'missed' must be 'latest' or 'skip', found 'latset' (did you mean 'latest'?)",
        ])
        #expect(try scheduled("      - { cron: \"@daily\", when: now }") == [
            "13:27: unknown key 'when' in 'schedule' (known keys: 'cron', 'on_closed_window', 'missed')",
        ])
    }

    @Test func aScheduleIsIdentifiedByItsCron() throws {
        #expect(try scheduled("      - cron: \"0 10 * * tue\"\n      - { cron: \"0 10 * * tue\", missed: skip }") == [
            "14:17: schedule '0 10 * * tue' is listed twice in environment 'prod' (first at line 13); "
                + "a pipeline schedule is identified by its cron",
        ])
    }

    @Test func anEntryEnvironmentCannotHaveASchedule() throws {
        #expect(try findings("  dev:\n    hosts: [web]\n    schedule:\n      - cron: \"@daily\"") == [
            "11:7: 'schedule' in environment 'dev' needs 'from': a scheduled promotion promotes what 'from' runs",
        ])
    }

    @Test func unknownTimeZoneWithHint() throws {
        #expect(try findings("  dev:\n    hosts: [web]\n    windows: { timezone: Europe/Londn }\n    entry: true") == [
            "10:26: unknown time zone 'Europe/Londn' (did you mean 'Europe/London'?)",
        ])
        #expect(try findings("  dev:\n    hosts: [web]\n    windows: { timezone: Mars/Base }\n    entry: true") == [
            "10:26: unknown time zone 'Mars/Base' (use an IANA name such as 'Europe/London', 'America/New_York' or 'UTC')",
        ])
    }

    @Test func everyZoneOfTheTzDatabaseValidatesButAbbreviations() throws {
        for name in ["Asia/Kolkata", "America/Ciudad_Juarez", "Etc/GMT-14", "UTC"] {
            #expect(try findings("  dev:\n    hosts: [web]\n    windows: { timezone: \(name) }\n    entry: true") == [], "\(name)")
        }
        #expect(try findings("  dev:\n    hosts: [web]\n    windows: { timezone: EST }\n    entry: true") == [
            "10:26: 'EST' is a time-zone abbreviation, not a zone: it would be a fixed offset without daylight saving; "
                + "use an IANA name such as 'America/New_York'",
        ])
        #expect(try findings("  dev:\n    hosts: [web]\n    windows: { timezone: posix/Asia/Kolkata }\n    entry: true") == [
            "10:26: unknown time zone 'posix/Asia/Kolkata' (did you mean 'Asia/Kolkata'?)",
        ])
    }

    @Test func badDay() throws {
        let windows = "  dev:\n    hosts: [web]\n    windows:\n      allow: [{ days: [mon, tuz], from: \"09:00\", to: \"17:00\" }]\n    entry: true"
        #expect(try findings(windows) == ["11:29: unknown day 'tuz' (did you mean 'tue'?)"])
    }

    @Test func badTime() throws {
        let windows = "  dev:\n    hosts: [web]\n    windows:\n      allow: [{ from: \"9am\", to: \"17:00\" }]\n    entry: true"
        #expect(try findings(windows) == ["11:23: bad time '9am' for 'from' (use HH:MM, 00:00 to 23:59)"])
    }

    @Test func emptyWindowRefusedPastMidnightAccepted() throws {
        let empty = "  dev:\n    hosts: [web]\n    windows:\n      allow: [{ from: \"09:00\", to: \"09:00\" }]\n    entry: true"
        #expect(try findings(empty) == ["11:36: window 'from' and 'to' are both 09:00; an empty window never opens"])
        let night = "  dev:\n    hosts: [web]\n    windows:\n      allow: [{ days: [fri], from: \"22:00\", to: \"02:00\" }]\n    entry: true"
        let fixture = try PipelineFixture(pipeline(environments: night))
        let allow = try fixture.pipeline().environments[0].windows?.allow.first
        #expect(allow?.from.minutesOfDay == 22 * 60)
        #expect(allow?.to.minutesOfDay == 2 * 60)
        #expect(allow?.days == [.friday])
    }

    @Test func invertedFreeze() throws {
        let freeze = "  dev:\n    hosts: [web]\n    windows:\n      freeze: [{ from: \"2026-12-20T00:00\", to: \"2026-12-20T00:00\" }]\n    entry: true"
        #expect(try findings(freeze) == [
            "11:48: freeze must end after it starts (from 2026-12-20 00:00, to 2026-12-20 00:00)",
        ])
    }

    @Test func rolloutBatch() throws {
        #expect(try findings("  dev: { hosts: [web], rollout: { batch: 0 } }") == ["8:42: 'batch' must be at least 1, found 0"])
        #expect(try findings("  dev: { hosts: [web], rollout: { batch: \"150%\" } }") == [
            "8:42: 'batch' percentage must be 1% to 100%, found '150%'",
        ])
    }

    @Test func parityWithUnknownEnvironment() throws {
        #expect(try findings("  dev: { hosts: [web], parity: { with: prd } }") == [
            "8:40: unknown environment 'prd' in 'parity.with'",
        ])
    }
}
