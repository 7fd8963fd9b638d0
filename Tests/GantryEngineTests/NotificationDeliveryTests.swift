import Foundation
import GantryGates
import GantryHTTP
import GantryShell
import GantryStore
import Testing
@testable import GantryEngine

/// The outbox's claim, send and record protocol, with an in-memory transport and a manual clock.
@Suite struct NotificationDeliveryTests {
    /// A deployment to development: `started` and `succeeded` for the pipeline's JSON target.
    private func deployed(_ transport: RecordingTransport) async throws -> (EngineFixture, Engine) {
        let f = try EngineFixture(pipeline: NotifyPipeline.yaml)
        _ = f.host("dev-1")
        try f.record("v1")
        let engine = NotifyPipeline.engine(f, transport: transport)
        #expect(try await engine.deploy(try f.pipeline(), to: "development", artifact: "v1").outcome == .succeeded)
        return (f, engine)
    }

    private func pass(_ engine: Engine) async -> [DeliveryAttempt] {
        var unsendable: Set<Int64> = []
        return await engine.deliveryPass(until: nil, unsendable: &unsendable)
    }

    @Test func sendsInOrderWithTheKeyAndNeverAgainOnceDelivered() async throws {
        let transport = RecordingTransport()
        let (f, engine) = try await deployed(transport)
        // A budget far beyond what two in-memory sends take, so a loaded machine cannot cut it short.
        let attempts = await engine.deliverNotifications(budget: .seconds(120))
        #expect(attempts.map(\.event) == ["started", "succeeded"])
        #expect(attempts.allSatisfy { $0.delivered })
        let rows = try Array(f.store.notifications().reversed())
        #expect(rows.map(\.state) == [.delivered, .delivered])
        let sent = transport.requests
        try #require(sent.count == 2)
        #expect(sent.map(\.url) == ["http://127.0.0.1:9/development/T0KEN", "http://127.0.0.1:9/development/T0KEN"])
        #expect(sent.map { $0.headers["Idempotency-Key"] } == rows.map(\.deliveryKey))
        #expect(sent.map { $0.headers["X-Gantry-Delivery"] } == rows.map { String($0.id) })
        #expect(sent[0].json?["id"] as? Int == Int(rows[0].id))
        #expect(sent[0].json?["delivery_key"] as? String == rows[0].deliveryKey)
        #expect(sent[1].json?["event"] as? String == "succeeded")
        #expect(!sent.contains { $0.body.contains("hunter2") || $0.body.contains("T0KEN") })
        #expect(await pass(engine).isEmpty, "a delivered notification is never sent again")
    }

    @Test func aFailingReceiverGetsItOnTheFourthTryAndTheStreamWaits() async throws {
        let transport = RecordingTransport { $0 <= 3 ? .success(500) : .success(200) }
        let (f, engine) = try await deployed(transport)
        for wait in [0.5, 1.0, 2.0] {
            let attempts = await pass(engine)
            #expect(attempts.count == 1, "only the oldest of the stream is tried")
            guard case let .willRetry(at, reason)? = attempts.first?.outcome else { Issue.record("\(attempts)"); return }
            #expect(reason.hasPrefix("HTTP 500"))
            #expect(at == f.clock.now().addingTimeInterval(wait))
            #expect(await pass(engine).isEmpty, "nothing is due before the backoff ends")
            f.clock.advance(by: wait)
        }
        #expect(await pass(engine).map(\.delivered) == [true, true])
        let rows = try Array(f.store.notifications().reversed())
        #expect(rows.map(\.attempts) == [4, 1])
        #expect(transport.requests.map { $0.headers["Idempotency-Key"]! } == Array(repeating: rows[0].deliveryKey, count: 4) + [rows[1].deliveryKey])
    }

    @Test func theNextTryCountsFromWhenTheAttemptEnded() async throws {
        // The first request takes the whole 10 s timeout (on the fixture's clock) and fails.
        let clock = Locked<ManualClock?>(nil)
        let transport = RecordingTransport { number in
            guard number == 1 else { return .success(200) }
            clock.current?.advance(by: 10)
            return .failure(.timedOut(.seconds(10)))
        }
        let (f, engine) = try await deployed(transport)
        clock.withLock { $0 = f.clock }
        let started = f.clock.now()
        let attempts = await pass(engine)
        guard case let .willRetry(at, _)? = attempts.first?.outcome else { Issue.record("\(attempts)"); return }
        #expect(at == started.addingTimeInterval(10.5), "0.5 s after the attempt ended, not after it began")
        #expect(try Array(f.store.notifications().reversed()).first?.nextAttemptAt == at)
    }

    @Test func aClaimOfADeadSenderIsTakenOverAtOnceALiveOneWhenItsLeaseEnds() async throws {
        let transport = RecordingTransport()
        let (f, engine) = try await deployed(transport)
        let host = Identity.hostName()
        // A sender of this host claimed the first row and died before recording the answer.
        let dead = try f.store.claimNotifications(now: f.clock.now(), by: OutboxClaimant(pid: 999_999, host: host), lease: 15,
                                                  limit: 1, isProcessAlive: { _ in true })
        #expect(dead.count == 1)
        #expect(await pass(engine).map(\.event) == ["started", "succeeded"])
        #expect(try Array(f.store.notifications().reversed()).map(\.attempts) == [2, 1])

        // A live sender elsewhere holds a claim: it is left alone until its lease lapses.
        let transport2 = RecordingTransport()
        let (g, engine2) = try await deployed(transport2)
        _ = try g.store.claimNotifications(now: g.clock.now(), by: OutboxClaimant(pid: 1, host: "elsewhere"), lease: 15, limit: 1)
        #expect(await pass(engine2).isEmpty)
        g.clock.advance(by: 15)
        #expect(await pass(engine2).map(\.event) == ["started", "succeeded"])
    }

    @Test func aRefusalGivesUpAtOnceAndOldNotificationsAreGivenUp() async throws {
        let transport = RecordingTransport { $0 == 1 ? .success(404) : .failure(.unreachable("connection refused")) }
        let (f, engine) = try await deployed(transport)
        let first = await pass(engine)
        #expect(first.count == 2, "a refused notification no longer holds up the next one")
        guard case let .gaveUp(reason)? = first.first?.outcome else { Issue.record("\(first)"); return }
        #expect(reason == "HTTP 404: no")
        guard case .willRetry? = first.last?.outcome else { Issue.record("\(first)"); return }
        f.clock.advance(by: 86_401)
        let last = await pass(engine)
        guard case .gaveUp? = last.first?.outcome else { Issue.record("\(last)"); return }
        #expect(try Array(f.store.notifications().reversed()).map(\.state) == [.failed, .failed])
    }

    @Test func aProcessWithoutTheSecretLeavesItForAnother() async throws {
        let transport = RecordingTransport()
        let (f, _) = try await deployed(transport)
        let without = NotifyPipeline.engine(f, transport: transport, environment: ["GANTRY_SECRET_DB_PASSWORD": "hunter2"])
        let attempts = await without.deliverNotifications(budget: .seconds(1))
        #expect(attempts.count == 1)
        guard case let .skipped(reason)? = attempts.first?.outcome else { Issue.record("\(attempts)"); return }
        #expect(reason.contains("HOOK_TOKEN"))
        #expect(transport.requests.isEmpty)
        let rows = try Array(f.store.notifications().reversed())
        #expect(rows.map(\.attempts) == [0, 0])
        #expect(rows.map(\.state) == [.pending, .pending])
    }

    @Test func theSlackFormatIsAnIncomingWebhookMessage() async throws {
        let transport = RecordingTransport()
        let f = try EngineFixture(pipeline: NotifyPipeline.yaml)
        for name in ["dev-1", "prod-1"] { _ = f.host(name) }
        try f.record("v1")
        let engine = NotifyPipeline.engine(f, transport: transport)
        let pipeline = try f.pipeline()
        _ = try await engine.deploy(pipeline, to: "development", artifact: "v1")
        _ = try await engine.promote(pipeline, to: "production")
        _ = await engine.deliverNotifications(budget: .seconds(120))
        let slack = try #require(transport.requests.first { $0.url.hasPrefix("https://slack.example/") }?.json)
        #expect((slack["text"] as? String)?.contains("shop v1 waits for approval to production") == true)
        let blocks = try #require(slack["blocks"] as? [[String: Any]])
        let texts = blocks.compactMap { ($0["text"] as? [String: Any])?["text"] as? String }
        #expect(texts.contains("Approve (bob or carol) with:\n`gantry approve shop production --artifact v1`"))
        #expect(blocks.last?["type"] as? String == "context")
    }
}
