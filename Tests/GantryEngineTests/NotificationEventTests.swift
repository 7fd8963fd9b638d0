import Foundation
import GantryStore
import Testing
@testable import GantryEngine

/// Which events write which notifications, and that each is written with its event.
@Suite struct NotificationEventTests {
    @Test func eachEventWritesItsNotificationWithItsAuditEvent() async throws {
        let f = try EngineFixture(pipeline: NotifyPipeline.yaml)
        for name in ["dev-1", "prod-1"] { _ = f.host(name) }
        try f.record("v1")
        let pipeline = try f.pipeline()
        let transport = RecordingTransport()
        let alice = NotifyPipeline.engine(f, transport: transport)
        #expect(try await alice.deploy(pipeline, to: "development", artifact: "v1").outcome == .succeeded)
        #expect(try await alice.promote(pipeline, to: "production").outcome == .blocked)
        _ = try NotifyPipeline.engine(f, transport: transport, actor: "bob").approve(pipeline, environment: "production", artifact: "v1")

        let rows = try Array(f.store.notifications().reversed())
        #expect(rows.map(\.message.event) == ["started", "succeeded", "requested", "requested", "approved"])
        #expect(rows.map(\.message.format) == ["json", "json", "json", "slack", "json"])
        // Secrets stay references in the store: the sender resolves them.
        #expect(rows[0].message.url == "http://127.0.0.1:9/development/${secrets.HOOK_TOKEN}")
        #expect(rows[3].message.url == "https://slack.example/${secrets.HOOK_TOKEN}")
        let audit = try f.store.auditEvents()
        // started has no audit event of its own; the others point at theirs.
        #expect(rows[0].auditEventID == nil)
        #expect(audit.first { $0.id == rows[1].auditEventID }?.entry.outcome == "succeeded")
        #expect(audit.first { $0.id == rows[2].auditEventID }.map { "\($0.entry.action) \($0.entry.outcome)" } == "request opened")
        #expect(audit.first { $0.id == rows[4].auditEventID }.map { "\($0.entry.action) \($0.entry.actor)" } == "approve bob")
        #expect(rows[0].message.deploymentID == rows[1].message.deploymentID)
        #expect(Set(rows.map(\.message.stream)) == ["shop/development", "shop/production"])

        let requested = try #require(try JSONSerialization.jsonObject(with: Data(rows[2].message.payload.utf8)) as? [String: Any])
        let request = try #require(requested["request"] as? [String: Any])
        #expect(request["approve_command"] as? String == "gantry approve shop production --artifact v1")
        #expect(request["may_approve"] as? String == "bob or carol")
        #expect(request["missing"] as? Int == 1)
        #expect((requested["summary"] as? String)?.contains("waits for approval to production") == true)
        #expect(!rows.contains { $0.message.payload.contains("hunter2") || $0.message.payload.contains("T0KEN") })
    }

    @Test func aRefusedRunIsBlockedAndAHaltedRolloutIsRolledBackAndFailed() async throws {
        let yaml = NotifyPipeline.yaml.replacingOccurrences(of: "{ url: \"${vars.RECEIVER}/${env.name}/${secrets.HOOK_TOKEN}\" }",
                                                            with: "{ url: \"${vars.RECEIVER}/x\", on: [failed, blocked] }")
        let f = try EngineFixture(pipeline: yaml)
        for name in ["dev-1", "prod-1"] { _ = f.host(name) }
        try f.record("v1")
        try f.record("v2", commit: String(repeating: "b", count: 40))
        let pipeline = try f.pipeline()
        let engine = NotifyPipeline.engine(f, transport: RecordingTransport())
        #expect(try await engine.promote(pipeline, to: "production", artifact: "v1").outcome == .blocked)   // path gate
        #expect(try await engine.deploy(pipeline, to: "development", artifact: "v1").outcome == .succeeded)
        f.host("dev-1").responder = { command in command.hasPrefix("switch v2") ? .init(result: .init(exitStatus: 3)) : .init() }
        #expect(try await engine.deploy(pipeline, to: "development", artifact: "v2").outcome == .failed)
        let rows = try Array(f.store.notifications().reversed())
        // `on: [failed, blocked]`: the refusal, then the halted rollout as one rolled_back event (it counts as failed).
        #expect(rows.map(\.message.event) == ["blocked", "rolled_back"])
        let rolled = try #require(try JSONSerialization.jsonObject(with: Data(rows[1].message.payload.utf8)) as? [String: Any])
        #expect(rolled["rolled_back_hosts"] as? [String] == ["dev-1"])
        #expect((rolled["deployment"] as? [String: Any])?["status"] as? String == "failed")
    }
}
