import Foundation
import GantryTestSupport
import Testing

/// The status page in a real browser (headless Chromium from Debian), while a deployment runs,
/// and its live updates.
@Suite(.serialized) struct ServePageTests {
    /// Where screenshots are kept: `GANTRY_TEST_ARTIFACTS`, else `.build/test-artifacts`.
    static var artifacts: String {
        ProcessInfo.processInfo.environment["GANTRY_TEST_ARTIFACTS"]
            ?? GantryBinary.packageRoot.appendingPathComponent(".build/test-artifacts").path
    }

    static func chromium(_ arguments: [String], url: String) throws -> ChildProcess.Result {
        let profile = try TemporaryDirectory(prefix: "gantry-chromium")
        return try ChildProcess.run("chromium", ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                                 "--user-data-dir=" + profile.path] + arguments + [url])
    }

    /// A pipeline whose deploy step waits in `slow` until the test lets it go.
    static let slow = """
          - name: slow
            run: "mkdir -p ${vars.ROOT} && touch ${vars.ROOT}/started && while [ ! -f ${vars.ROOT}/let-go ]; do sleep 0.1; done"
        """

    @Test func chromiumShowsTheEnvironmentsAndTheRunningStep() throws {
        let fixture = try ServeFixture()
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github", extraSteps: Self.slow))
        let server = try fixture.startServer()
        defer { _ = server.stop() }
        let (reply, after) = try fixture.pushAndPost(to: server, delivery: "page-1")
        #expect(reply.status == 202)
        #expect(GantryBinary.waitUntil(seconds: 60) { FileManager.default.fileExists(atPath: fixture.hostsRoot + "/shop/started") })

        let dom = try Self.chromium(["--dump-dom"], url: server.base + "/")
        #expect(dom.status == 0, "\(dom.stderr)")
        let page = dom.stdout
        #expect(page.contains("<tr data-environment=\"development\">") && page.contains("<tr data-environment=\"staging\">"))
        #expect(page.contains("<span class=\"step\">slow on dev-1</span>"), "\(page)")
        #expect(page.contains("by root: ") || page.contains("by \(ProcessInfo.processInfo.userName): "))
        // The script ran (it says it is connecting, or connected, to the live feed).
        #expect(page.contains("id=\"live-note\" class=\"live\">connecting…<") || page.contains("id=\"live-note\" class=\"live\">live<"))
        #expect(!page.contains("SQL(") && !page.contains(ServeFixture.secret))

        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        let shot = Self.artifacts + "/serve-status-page.png"
        try? FileManager.default.removeItem(atPath: shot)
        let screenshot = try Self.chromium(["--hide-scrollbars", "--window-size=1280,900", "--screenshot=" + shot], url: server.base + "/")
        #expect(screenshot.status == 0, "\(screenshot.stderr)")
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(png.count > 10_000 && png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))

        FileManager.default.createFile(atPath: fixture.hostsRoot + "/shop/let-go", contents: nil)
        #expect(GantryBinary.waitUntil(seconds: 60) { fixture.deployed("shop", on: "dev-1") == String(after.prefix(7)) })
        #expect(GantryBinary.waitUntil(seconds: 30) {
            ((try? HTTP.get(server.base + "/").body) ?? "").contains("<td class=\"succeeded\">succeeded</td>")
        })
        let done = try Self.chromium(["--dump-dom"], url: server.base + "/")
        #expect(!done.stdout.contains("class=\"step\"") && done.stdout.contains("via webhook"))
    }

    @Test func thePageIsCompleteWithoutJavaScriptAndTheLogPageIsMasked() throws {
        let fixture = try ServeFixture()
        let leak = """
              - name: leak
                run: "echo token is ${secrets.HOOK_SECRET} '<b>bold</b>'"
            """
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github", extraSteps: leak))
        let server = try fixture.startServer()
        defer { _ = server.stop() }
        try fixture.pushAndPost(to: server, delivery: "nojs-1")
        #expect(GantryBinary.waitUntil(seconds: 60) { fixture.deployed("shop", on: "dev-1") != nil })
        #expect(GantryBinary.waitUntil(seconds: 30) { ((try? HTTP.get(server.base + "/").body) ?? "").contains("succeeded</td>") })
        let page = try HTTP.get(server.base + "/")
        #expect(page.status == 200 && page.headers.lowercased().contains("content-type: text/html"))
        #expect(page.body.contains("<noscript><meta http-equiv=\"refresh\" content=\"15\"></noscript>"))
        #expect(page.body.contains("<a href=\"/deployments/1\">#1</a>"))
        let log = try HTTP.get(server.base + "/deployments/1")
        #expect(log.status == 200)
        #expect(log.body.contains("token is *** &lt;b&gt;bold&lt;/b&gt;"), "\(log.body)")
        #expect(!log.body.contains(ServeFixture.secret) && !log.body.contains("<b>bold</b>"))
        #expect(try HTTP.get(server.base + "/deployments/999").status == 404)
        #expect(try HTTP.get(server.base + "/deployments/abc").status == 400)
    }

    @Test func eventsTellAnOpenPageWhenTheStoreChanges() throws {
        let fixture = try ServeFixture()
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github"))
        let server = try fixture.startServer()
        defer { _ = server.stop() }
        let stream = ServeFixture.Server.Output()
        let curl = try ChildProcess.start("curl", ["-s", "-N", "--max-time", "60", server.base + "/events"],
                                          onChunk: { _, data in stream.append(data) })
        defer { kill(curl.pid, SIGTERM); _ = curl.wait() }
        #expect(stream.waitFor("event: hello"))
        #expect(!stream.current.contains("event: changed"))
        try fixture.pushAndPost(to: server, delivery: "sse-1")
        #expect(stream.waitFor("event: changed\ndata: {}\n\n"))
    }

    @Test func thePageShowsTheWindowTheOpenRequestTheSchedulesAndTheAuditChain() throws {
        let fixture = try ServeFixture()
        let staging = """
            staging: { from: development, tags: "v*", hosts: [stage-1], approval: { required: 2, self_approval: true },
                windows: { timezone: UTC, freeze: [{ from: "2000-01-01T00:00", to: "2100-01-01T00:00", reason: "Frozen for the test" }] },
                schedule: [{ cron: "0 10 * * tue" }] }
            """
        let yaml = fixture.pipeline("shop", provider: "github")
            .replacingOccurrences(of: "  staging: { from: development, tags: \"v*\", hosts: [stage-1] }",
                                  with: staging.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        try fixture.writePipeline("shop", yaml)
        let server = try fixture.startServer()
        defer { _ = server.stop() }
        let (_, after) = try fixture.pushAndPost(to: server, delivery: "state-1")
        #expect(GantryBinary.waitUntil(seconds: 60) { fixture.deployed("shop", on: "dev-1") != nil }, "\(server.output)")
        let tag = String(after.prefix(7))
        #expect(GantryBinary.waitUntil(seconds: 30) {
            (try? fixture.count("SELECT count(*) FROM deployment WHERE status = 'succeeded'")) == 1
        })
        #expect(try fixture.gantry(["promote", "shop", "staging"]).status == 3, "frozen, and two approvals missing")
        let approved = try fixture.gantry(["approve", "shop", "staging", "--artifact", tag, "--yes"])
        #expect(approved.status == 0, "\(approved.stdout)\(approved.stderr)")

        let page = try HTTP.get(server.base + "/").body
        let me = String(cString: getpwuid(geteuid())!.pointee.pw_name)
        let staged = try #require(page.components(separatedBy: "<tr data-environment=\"staging\">").dropFirst().first?
            .components(separatedBy: "</tr>").first, "\(page)")
        #expect(staged.contains("closed: Frozen for the test"), "\(staged)")
        #expect(staged.contains("\(tag) by \(me): approved by \(me); needs 1 more from anyone"),
                "\(staged)")
        #expect(page.contains("<table class=\"schedules\">") && page.contains("<code>0 10 * * tue</code> (UTC)"), "\(page)")
        #expect(page.contains("<span class=\"ok\">intact</span>: "), "the audit chain state: \(page)")
    }

    @Test func thePageShowsParityFromTheFactsLastReadWithoutContactingHosts() throws {
        let fixture = try ServeFixture()
        var yaml = fixture.pipeline("shop", provider: "github",
                                    extra: "parity: { facts: { os: \"cat ${vars.ROOT}/${host.name}/os\" } }")
        yaml = yaml.replacingOccurrences(of: "staging: { from: development, tags: \"v*\", hosts: [stage-1] }",
                                         with: "staging: { from: development, tags: \"v*\", hosts: [stage-1], parity: { with: development } }")
        try fixture.writePipeline("shop", yaml)
        let write = { (host: String, os: String) throws in
            try FileManager.default.createDirectory(atPath: "\(fixture.hostsRoot)/shop/\(host)", withIntermediateDirectories: true)
            try Data((os + "\n").utf8).write(to: URL(fileURLWithPath: "\(fixture.hostsRoot)/shop/\(host)/os"))
        }
        try write("dev-1", "debian 12")
        try write("stage-1", "debian 11")
        let server = try fixture.startServer()
        defer { _ = server.stop() }
        let before = try HTTP.get(server.base + "/").body
        #expect(before.contains("<tr data-parity=\"staging\">"), "\(before)")
        #expect(before.contains("not read") || before.contains(">never<"), "no fact was read yet")

        #expect(try fixture.gantry(["parity", "shop", "development", "staging"]).status == 3)
        let drifted = try HTTP.get(server.base + "/").body
        #expect(drifted.contains("1 undocumented"), "\(drifted)")
        #expect(drifted.contains("<code>fact os</code>: development debian 12, staging debian 11"), "\(drifted)")

        try write("stage-1", "debian 12")
        #expect(try fixture.gantry(["parity", "shop", "development", "staging"]).status == 0)
        let equal = try HTTP.get(server.base + "/").body
        #expect(equal.contains("no drift") && !equal.contains("undocumented"), "\(equal)")
    }
}
