import Foundation
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
        // The receiver holds the second request (the deployment's `succeeded`) until released.
        let receiver = try WebhookReceiver { $0.number == 2 ? .hold : .status(200) }
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
        #expect(await receiver.wait(seconds: 90) { $0.count == 2 }, "serve sends the webhook deployment's events: \(server.output)")
        #expect(server.waitFor("notify: #1 started shop/development → \(receiver.url("/hook")): delivered (HTTP 200)"),
                "each attempt is logged as it ends: \(server.output)")

        // Killed while the receiver holds its request: no answer was recorded.
        kill(server.process.pid, SIGKILL)
        _ = server.process.wait()
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
        #expect(keys == [outbox[0][0], outbox[1][0], outbox[1][0]], "only the request in flight was sent again, with its key")
        #expect(try fixture.count("SELECT count(*) FROM deployment") == 1, "the restart ran nothing again")
    }
}
