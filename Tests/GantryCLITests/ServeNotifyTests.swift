import Foundation
import GantryShell
import GantryTestSupport
import Testing

/// `gantry serve` sends the notifications of what it runs, and loses none when it is killed.
@Suite(.serialized) struct ServeNotifyTests {
    /// The outbox as `delivery_key|event|state` lines.
    static func outbox(_ fixture: ServeFixture) throws -> [[String]] {
        let result = try ChildProcess.run("sqlite3", [fixture.statePath,
            "SELECT delivery_key, event, state FROM notification_outbox ORDER BY id"])
        return result.stdout.split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
    }

    @Test func killedMidDeliveryAndRestartedServeSendsEveryEventOnceInOrder() async throws {
        // Until serve is killed, the receiver holds every request after the first (the deployment's
        // `succeeded`, and its retry if the 10 s request timeout passes on a loaded machine).
        let killed = Locked(false)
        let receiver = try WebhookReceiver { $0.number >= 2 && !killed.current ? .hold : .status(200) }
        defer { receiver.stop() }
        let fixture = try ServeFixture()
        try fixture.writePipeline("shop", fixture.pipeline(
            "shop", provider: "github", extra: "notify:\n  - { url: \"\(receiver.url("/hook"))\", on: [started, succeeded] }"))
        let server = try fixture.startServer()
        let (before, after) = try fixture.pushCommit("v2")
        let body = fixture.payload("github", before: before, after: after)
        let reply = try HTTP.request("POST", server.base + "/hooks/github",
                                     headers: try fixture.signedHeaders("github", body: body, delivery: "notify-1")
                                         + ["Content-Type: application/json"], body: body)
        #expect(reply.status == 202, "\(reply.body)")
        #expect(await receiver.wait(seconds: 90) { $0.count >= 2 }, "serve sends the webhook deployment's events: \(server.output)")
        #expect(server.waitFor("notify: #1 started shop/development → \(receiver.url("/hook")): delivered (HTTP 200)"),
                "each attempt is logged as it ends: \(server.output)")

        // Killed while the receiver holds its request: no answer was recorded.
        kill(server.process.pid, SIGKILL)
        _ = server.process.wait()
        killed.withLock { $0 = true }
        receiver.release()
        #expect(try Self.outbox(fixture).map { $0[1] + " " + $0[2] } == ["started delivered", "succeeded pending"])

        let restarted = try fixture.startServer()
        #expect(await receiver.wait(seconds: 60) { _ in receiver.accepted.count == 2 }, "\(restarted.output)")
        #expect(restarted.waitFor("notify: #2 succeeded shop/development → \(receiver.url("/hook")): delivered (HTTP 200)"))
        let stopped = restarted.stop()
        #expect(stopped.status == 0, "\(restarted.output)\(stopped.stderr)")

        let outbox = try Self.outbox(fixture)
        #expect(outbox.map { $0[1] + " " + $0[2] } == ["started delivered", "succeeded delivered"])
        #expect(receiver.accepted.compactMap(\.idempotencyKey) == outbox.map { $0[0] }, "each event once, in order")
        let keys = receiver.requests.compactMap(\.idempotencyKey)
        #expect(keys.count >= 3 && keys.first == outbox[0][0] && keys.dropFirst().allSatisfy { $0 == outbox[1][0] },
                "only the request in flight was sent again, with its key: \(keys)")
        #expect(try fixture.count("SELECT count(*) FROM deployment") == 1, "the restart ran nothing again")
    }
}
