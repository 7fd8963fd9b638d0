import Foundation
import GantryTestSupport
import Testing

/// Notifications from the real binary, over real deployments, to a real receiver on loopback.
@Suite struct NotifyEndToEndTests {
    /// Everything one promotion path notifies, in both formats, with every secret masked.
    @Test func everyEventReachesItsTargetsMaskedAndInOrder() async throws {
        let receiver = try WebhookReceiver()
        let p = try NotifyProject.make(receiver: receiver, notify: """
          - { url: "RECEIVER/json/${secrets.HOOK_TOKEN}", format: json }
          - { url: "RECEIVER/slack/${secrets.HOOK_TOKEN}", format: slack, on: [requested] }
        """, stagingWindows: "{ freeze: [{ from: \"2000-01-01T00:00\", to: \"2100-01-01T00:00\", reason: \"frozen\" }] }")
        let tag = try p.build()
        #expect(try p.gantry("deploy", "shop", "development", "--artifact", tag).status == 0)
        #expect(try p.gantry("promote", "shop", "staging").status == 3)
        let secret = NotifyProject.dbPassword
        let forced = try p.gantry("promote", "shop", "staging", "--override-window", "--reason", "rotating \(secret) now")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try p.gantry("promote", "shop", "production").status == 3)
        #expect(try p.gantry("approve", "shop", "production", "--artifact", tag, "--yes").status == 0)

        try await NotifyProject.drain(p, receiver, count: 8)
        let json = receiver.accepted.filter { $0.path.hasPrefix("/json/") }
        try #require(json.count == 7)
        func events(_ environment: String) -> [String] {
            json.filter { $0.json?["environment"] as? String == environment }.compactMap { $0.json?["event"] as? String }
        }
        // In order per environment (each environment is one stream).
        #expect(events("development") == ["started", "succeeded"])
        #expect(events("staging") == ["blocked", "started", "succeeded"])
        #expect(events("production") == ["requested", "approved"])
        func first(_ environment: String, _ event: String) throws -> [String: Any] {
            try #require(json.first { $0.json?["environment"] as? String == environment && $0.json?["event"] as? String == event }?.json)
        }
        #expect(json.allSatisfy { $0.path == "/json/\(NotifyProject.token)" }, "the secret is resolved in the URL")
        #expect(json.allSatisfy { $0.answered == 200 && $0.idempotencyKey != nil && $0.headers["x-gantry-delivery"] != nil })
        #expect(Set(json.compactMap(\.idempotencyKey)).count == json.count)
        for request in receiver.requests {
            #expect(!request.body.contains(secret) && !request.body.contains(NotifyProject.token), "\(request.body)")
        }
        let override = try first("staging", "succeeded")["deployment"] as? [String: Any]
        #expect(override?["override_reason"] as? String == "rotating *** now")
        #expect(try first("staging", "blocked")["gates"].map { "\($0)" }?.contains("frozen") == true)

        let requested = try first("production", "requested")
        let request = try #require(requested["request"] as? [String: Any])
        #expect(request["approve_command"] as? String == "gantry approve shop production --artifact \(tag)")
        #expect(request["may_approve"] as? String == "anyone")
        #expect((requested["summary"] as? String)?.contains("waits for approval to production") == true)

        let slack = receiver.requests.filter { $0.path.hasPrefix("/slack/") }
        #expect(slack.count == 1)
        let message = try #require(slack.first?.json)
        #expect((message["text"] as? String)?.contains("\(tag) waits for approval to production") == true)
        #expect((message["blocks"] as? [Any])?.count == 4)

        // The store never holds the webhook secret, only its name.
        let store = try Data(contentsOf: URL(fileURLWithPath: p.statePath))
        #expect(store.range(of: Data(NotifyProject.token.utf8)) == nil)
        try NotifyDocsTests.compare(requested, with: "requested")
        try NotifyDocsTests.compare(try first("development", "succeeded"), with: "succeeded")
    }

    /// The end of a command tries for 3 s; `scheduler run` keeps trying with backoff.
    @Test func aReceiverFailingThreeTimesGetsTheEventOnTheFourthTry() async throws {
        let receiver = try WebhookReceiver { $0.number <= 3 ? .status(500) : .status(200) }
        let p = try NotifyProject.make(receiver: receiver, notify: "  - { url: \"RECEIVER/hook\", on: [succeeded] }")
        let tag = try p.build()
        let deploy = try p.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(deploy.status == 0, "a notification that fails does not fail the command")
        if receiver.requests.count < 4 {
            #expect(deploy.stderr.contains("gantry: notification #1 succeeded shop/development → http://127.0.0.1:\(receiver.port)/hook"),
                    "\(deploy.stderr)")
            let scheduler = try p.start("scheduler", "run")
            #expect(await receiver.wait { $0.contains { $0.answered == 200 } })
            kill(scheduler.pid, SIGTERM)
            let stopped = await scheduler.finished()
            #expect(stopped.status == 0, "\(stopped.stderr)")
            #expect(stopped.stdout.contains("notify: #1 succeeded shop/development"), "\(stopped.stdout)")
        }
        let requests = receiver.requests
        #expect(requests.map(\.answered) == [500, 500, 500, 200])
        #expect(Set(requests.map(\.idempotencyKey)).count == 1, "every try carries the same key")
        #expect(try NotifyProject.outbox(p).map { $0[4] + " " + $0[5] } == ["delivered 4"])
    }

    /// A sender killed while a receiver holds its request: after a restart every event arrives,
    /// once per key, in order per deployment.
    @Test func killingTheSenderMidDeliveryLosesNothingAndRepeatsOnlyWithTheSameKey() async throws {
        let receiver = try WebhookReceiver { $0.number == 2 ? .hold : .status(200) }
        let p = try NotifyProject.make(receiver: receiver, notify: "  - { url: \"RECEIVER/hook\" }")
        let tag = try p.build()
        let deploy = try p.start("deploy", "shop", "development", "--artifact", tag)
        #expect(await receiver.wait { $0.count == 2 }, "the deployment's notifications reach the receiver")
        kill(deploy.pid, SIGKILL)
        _ = await deploy.finished()
        receiver.release()

        // Restart: the long-running sender takes over the dead process's claim at once.
        let scheduler = try p.start("scheduler", "run")
        #expect(await receiver.wait { requests in requests.filter { $0.answered == 200 }.count == 2 })
        kill(scheduler.pid, SIGTERM)
        #expect(await scheduler.finished().status == 0)
        // And the end of the next command delivers its own.
        #expect(try p.gantry("promote", "shop", "staging").status == 0)
        try await NotifyProject.drain(p, receiver, count: 4)

        let outbox = try NotifyProject.outbox(p)
        #expect(outbox.map { $0[2] } == ["started", "succeeded", "started", "succeeded"])
        #expect(outbox.allSatisfy { $0[4] == "delivered" })
        let accepted = receiver.accepted
        #expect(accepted.compactMap(\.idempotencyKey) == outbox.map { $0[1] }, "each event exactly once, in order")
        let repeated = receiver.requests.filter { request in receiver.requests.filter { $0.idempotencyKey == request.idempotencyKey }.count > 1 }
        #expect(repeated.count == 2 && repeated.allSatisfy { $0.idempotencyKey == outbox[1][1] },
                "only the request in flight when the sender died was sent again")
        for deployment in Set(outbox.map { $0[3] }) {
            let events = accepted.filter { ($0.json?["deployment"] as? [String: Any])?["id"] as? Int == Int(deployment) }
                .compactMap { $0.json?["event"] as? String }
            #expect(events == ["started", "succeeded"], "deployment #\(deployment)")
        }
    }

    /// `notify list` shows what was delivered and what was given up, with the last answer, and
    /// never a secret's value.
    @Test func notifyListShowsDeliveredAndGivenUpNotificationsWithTheirLastAnswer() async throws {
        let receiver = try WebhookReceiver { $0.path.hasPrefix("/gone") ? .status(404) : .status(200) }
        let p = try NotifyProject.make(receiver: receiver, notify: """
          - { url: "RECEIVER/hook", on: [succeeded] }
          - { url: "RECEIVER/gone/${secrets.HOOK_TOKEN}", on: [succeeded] }
        """)
        let tag = try p.build()
        #expect(try p.gantry("deploy", "shop", "development", "--artifact", tag).status == 0)
        // The end of the command sends for 3 s; on a loaded machine a scheduler finishes the job.
        if try NotifyProject.outbox(p).contains(where: { $0[4] == "pending" }) {
            let scheduler = try p.start("scheduler", "run")
            let end = ContinuousClock.now + .seconds(120)
            while try NotifyProject.outbox(p).contains(where: { $0[4] == "pending" }), ContinuousClock.now < end {
                try await Task.sleep(for: .milliseconds(100))
            }
            kill(scheduler.pid, SIGTERM)
            _ = await scheduler.finished()
        }

        let listed = try p.gantry("notify", "list", "--json")
        #expect(listed.status == 0, "\(listed.stdout) \(listed.stderr)")
        #expect(!listed.stdout.contains(NotifyProject.token))
        let document = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
        let rows = try #require(document?["notifications"] as? [[String: Any]])
        #expect(rows.map { $0["status"] as? String } == ["failed", "delivered"], "newest first")
        #expect(rows[0]["url"] as? String == "http://127.0.0.1:\(receiver.port)/gone/${secrets.HOOK_TOKEN}")
        #expect(rows[0]["last_status"] as? Int == 404 && (rows[0]["last_error"] as? String)?.hasPrefix("HTTP 404") == true)
        #expect(rows[1]["last_status"] as? Int == 200 && rows[1]["last_error"] is NSNull)
        #expect(rows.allSatisfy { $0["event"] as? String == "succeeded" && $0["deployment"] as? Int == 1 && $0["attempts"] as? Int == 1 })
        // docs/json.md shows the same fields.
        let docs = try String(contentsOf: GantryBinary.packageRoot.appendingPathComponent("docs/json.md"), encoding: .utf8)
        let after = try #require(docs.range(of: "`gantry notify list [PIPELINE] --json` prints")).upperBound
        let block = try #require(docs[after...].components(separatedBy: "```json\n").dropFirst().first?.components(separatedBy: "\n```").first)
        let example = try JSONSerialization.jsonObject(with: Data(block.utf8)) as? [String: [[String: Any]]]
        #expect(Set(example?["notifications"]?.first?.keys.map { $0 } ?? []) == Set(rows[0].keys))

        let failed = try p.gantry("notify", "list", "shop", "--status", "failed")
        let lines = failed.stdout.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("#2  failed  succeeded  shop/development → "), "\(failed.stdout)")
        #expect(lines.first?.contains("/gone/${secrets.HOOK_TOKEN}  1 attempt, last: HTTP 404") == true, "\(failed.stdout)")
        #expect(try p.gantry("notify", "list", "nosuch").stdout == "no notifications of nosuch\n")
        let bad = try p.gantry("notify", "list", "--status", "sent")
        #expect(bad.status == 2 && bad.stderr.contains("gantry: error: --status must be pending, delivered or failed, found 'sent'"), "\(bad.stderr)")
        #expect(try p.gantry("notify", "list", "--limit", "0").status == 2)
    }

    @Test func notifyTestSendsOneEventToEachTargetAndSaysHowItWent() async throws {
        let receiver = try WebhookReceiver { $0.path.hasPrefix("/refuses") ? .status(403) : .status(204) }
        let p = try NotifyProject.make(receiver: receiver, notify: "  - { url: \"RECEIVER/ok/${secrets.HOOK_TOKEN}\", format: slack }")
        let ok = try p.gantry("notify", "test", "shop")
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout == "#1 test shop/development → RECEIVER/ok/${secrets.HOOK_TOKEN}: delivered (HTTP 204)\n"
            .replacingOccurrences(of: "RECEIVER", with: "http://127.0.0.1:\(receiver.port)"))
        #expect(receiver.requests.first?.path == "/ok/\(NotifyProject.token)")
        #expect((receiver.requests.first?.json?["text"] as? String)?.hasPrefix("Test notification from gantry") == true)

        let file = p.pipelinesPath + "/shop.yml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try (text + "  - { url: \"http://127.0.0.1:\(receiver.port)/refuses\" }\n").write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try p.gantry("notify", "test", "shop", "--environment", "production", "--json")
        #expect(refused.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(refused.stdout.utf8)) as? [String: Any])
        let statuses = (document["notifications"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
        #expect(statuses == ["delivered", "failed"])

        var missing = p.environment
        missing["GANTRY_SECRET_HOOK_TOKEN"] = nil
        let noSecret = try GantryBinary.run(["--pipelines", p.pipelinesPath, "--state", p.statePath, "notify", "test", "shop"],
                                            in: URL(fileURLWithPath: p.repo.path), environment: missing.merging(["HOME": p.root.path]) { $1 })
        #expect(noSecret.status == 2, "\(noSecret.stdout)\(noSecret.stderr)")
        #expect(noSecret.stdout.contains("HOOK_TOKEN"))
    }
}
