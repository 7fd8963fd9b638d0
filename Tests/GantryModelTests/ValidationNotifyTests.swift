import Testing
@testable import GantryModel

/// `notify:` on a pipeline and on an environment.
@Suite struct ValidationNotifyTests {
    /// A pipeline whose `notify:` list starts on line 13 and whose production has its own on line 9.
    private func pipeline(top: String, production: String = "[]") -> String {
        """
        version: 1
        hosts:
          web-1: { address: 10.0.0.1 }
        secrets: [SLACK_WEBHOOK, TEAM_HOOK]
        vars: { HOOKS: "https://hooks.example.com" }
        environments:
          staging: { hosts: [web-1] }
          production:
            notify: \(production)
            from: staging
            hosts: [web-1]
        steps: [{ run: "echo hi" }]
        notify: \(top)
        """
    }

    private func findings(top: String, production: String = "[]") throws -> [String] {
        try PipelineFixture(pipeline(top: top, production: production)).findings()
    }

    @Test func targetsAreReadAndEnvironmentsAddOrReplace() throws {
        let loaded = try PipelineFixture(pipeline(
            top: "[{ url: \"${secrets.SLACK_WEBHOOK}\", format: slack, on: [requested, approved] },"
                + " { url: \"${vars.HOOKS}/all\" }]",
            production: "[{ url: \"${secrets.SLACK_WEBHOOK}\", format: slack, on: [failed, rolled_back] },"
                + " { url: \"https://ops.example.com/${env.name}/${secrets.TEAM_HOOK}\", on: blocked }]")).pipeline()
        #expect(loaded.notify.count == 2)
        #expect(loaded.notify[0].format == .slack)
        #expect(loaded.notify[0].events == [.requested, .approved])
        #expect(loaded.notify[1].format == .json, "json is the default format")
        #expect(loaded.notify[1].events == NotifyEvent.allCases, "no 'on' means every event")
        let staging = try loaded.environment(named: "staging"), production = try loaded.environment(named: "production")
        #expect(loaded.notifyTargets(for: staging).map(\.url.source) == ["${secrets.SLACK_WEBHOOK}", "${vars.HOOKS}/all"])
        let targets = loaded.notifyTargets(for: production)
        #expect(targets.map(\.url.source) == ["${secrets.SLACK_WEBHOOK}", "${vars.HOOKS}/all",
                                              "https://ops.example.com/${env.name}/${secrets.TEAM_HOOK}"])
        #expect(targets[0].events == [.failed, .rolledBack], "the environment's entry for the same url replaces the pipeline's")
        #expect(targets[2].events == [.blocked], "a single event may be written without a list")
    }

    @Test func unknownKeysFormatsAndEventsGetHints() throws {
        #expect(try findings(top: "[{ url: \"https://x.example\", fromat: slack }]") == [
            "13:38: unknown key 'fromat' in 'notify' (did you mean 'format'?)",
        ])
        #expect(try findings(top: "[{ url: \"https://x.example\", format: slak }]") == [
            "13:46: 'format' must be 'slack' or 'json', found 'slak' (did you mean 'slack'?)",
        ])
        #expect(try findings(top: "[{ url: \"https://x.example\", on: [succeded, failed, failed] }]") == [
            "13:43: unknown event 'succeded' in 'on' (did you mean 'succeeded'?)",
            "13:61: event 'failed' is listed twice in 'on'",
        ])
        #expect(try findings(top: "[{ url: \"https://x.example\" }]", production: "[{ url: \"https://y.example\", onn: [failed] }]") == [
            "9:42: unknown key 'onn' in 'notify' of environment 'production' (did you mean 'on'?)",
        ])
    }

    @Test func urlsMustBeHTTPAndNameOnlySecretsVarsAndTheEnvironment() throws {
        #expect(try findings(top: "[{ format: json }]") == [
            "13:10: notify entry needs 'url' (where to POST, e.g. \"${secrets.SLACK_WEBHOOK}\")",
        ])
        #expect(try findings(top: "[{ url: \"ftp://x.example/hook\" }]") == [
            "13:17: 'notify.url' must be an http:// or https:// URL, found 'ftp://x.example/hook'",
        ])
        #expect(try findings(top: "[{ url: \"https://x.example/${artifact.tag}\" }]") == [
            "13:17: 'notify.url' may refer only to secrets, vars and env.name, not '${artifact.tag}'",
        ])
        #expect(try findings(top: "[{ url: \"${secrets.SLACK_WEBHOK}\" }]") == [
            "13:18: unknown secret 'SLACK_WEBHOK' in '${secrets.SLACK_WEBHOK}' (did you mean 'SLACK_WEBHOOK'?)",
        ])
        #expect(try findings(top: "[{ url: \"https://x.example\" }, { url: \"https://x.example\" }]") == [
            "13:47: notify url 'https://x.example' is listed twice in 'notify' (first at line 13)",
        ])
        #expect(try findings(top: "{ url: \"https://x.example\" }") == [
            "13:9: 'notify' must be a list of { url, format, on } entries, found a mapping",
        ])
    }

    @Test func anEmptyOnSilencesATarget() throws {
        let loaded = try PipelineFixture(pipeline(top: "[{ url: \"https://x.example\" }]",
                                                  production: "[{ url: \"https://x.example\", on: [] }]")).pipeline()
        #expect(loaded.notifyTargets(for: try loaded.environment(named: "production")).first?.events == [])
    }
}
