import Foundation
import Testing
import GantryStore
@testable import GantryEngine

@Suite struct EngineApprovalTests {
    /// 2026-11-24 (a Tuesday) 10:00 UTC.
    static let tuesdayMorning = Date(timeIntervalSince1970: 1_795_514_400)

    static let pipeline = EngineFixture.shopPipeline("""
        approval: { required: 2, approvers: [alice, bob, carol], expires: 24h }
        windows:
          timezone: UTC
          allow: [{ days: [mon, tue, wed, thu], from: "09:00", to: "17:00" }]
    """)

    func prepared() async throws -> EngineFixture {
        let f = try EngineFixture(pipeline: Self.pipeline, now: Self.tuesdayMorning)
        _ = f.host("dev-1"); _ = f.host("prod-1")
        for tag in ["v1", "v2"] {
            try f.record(tag, commit: String(repeating: tag == "v1" ? "a" : "b", count: 40))
            _ = try await f.engine(actor: "ci").deploy(try f.pipeline(), to: "development", artifact: tag)
        }
        return f
    }

    @Test func quorumOfDistinctAllowedApproversThenPromotionRuns() async throws {
        let f = try await prepared()
        let pipeline = try f.pipeline()
        let first = try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v1")
        #expect(first.outcome == .blocked)
        #expect(first.request?.requester == "dave")
        #expect(first.message.contains("needs 2 more approvals from alice, bob or carol") || first.message.contains("needs 2 more approvals"))
        #expect(f.hosts["prod-1"]!.commands.isEmpty)

        let a = try f.engine(actor: "alice").approve(pipeline, environment: "production", artifact: "v1")
        #expect(a.outcome == .recorded)
        #expect(a.status.missing == 1)
        let again = try f.engine(actor: "alice").approve(pipeline, environment: "production", artifact: "v1")
        #expect(again.outcome == .alreadyApproved)
        #expect(throws: EngineError.self) { try f.engine(actor: "mallory").approve(pipeline, environment: "production", artifact: "v1") }
        #expect(throws: EngineError.self) { try f.engine(actor: "dave").approve(pipeline, environment: "production", artifact: "v1") }

        // An approval for v1 never counts for v2.
        _ = try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v2")
        let statusV2 = try f.engine().status(pipeline).first { $0.name == "production" }!.requests.first { $0.request.artifactTag == "v2" }!
        #expect(statusV2.status.missing == 2)

        let b = try f.engine(actor: "bob").approve(pipeline, environment: "production", artifact: "v1")
        #expect(b.outcome == .approved)
        #expect(b.request.state == .approved)

        let run = try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v1")
        #expect(run.outcome == .succeeded)
        #expect(run.request?.state == .executed)
        #expect(f.hosts["prod-1"]!.commands == ["switch v1"])
    }

    @Test func approvingWithoutAnOpenRequestIsRefused() async throws {
        let f = try await prepared()
        do {
            _ = try f.engine(actor: "alice").approve(try f.pipeline(), environment: "production", artifact: "v1")
            Issue.record("expected a refusal")
        } catch let error as EngineError {
            #expect(error.severity == .refused)
            #expect(error.message.contains("there is no open promotion request for shop:v1 to production"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func closedWindowBlocksEvenWhenApprovedAndBreakGlassPassesOnlyTheWindow() async throws {
        let f = try await prepared()
        let pipeline = try f.pipeline()
        f.clock.set(Self.tuesdayMorning.addingTimeInterval(10 * 3600)) // 20:00, closed
        let blocked = try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v1")
        #expect(blocked.gates.blocking.map(\.gate) == [.approval, .window])
        #expect(blocked.request != nil) // requests are recorded while the window is closed
        _ = try f.engine(actor: "alice").approve(pipeline, environment: "production", artifact: "v1")
        _ = try f.engine(actor: "bob").approve(pipeline, environment: "production", artifact: "v1")
        let stillClosed = try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v1")
        #expect(stillClosed.gates.blocking.map(\.gate) == [.window])
        #expect(stillClosed.message.contains("window opens Wed 09:00"))

        let glass = try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v1",
                                                              options: .init(overrideReason: "incident 42"))
        #expect(glass.outcome == .succeeded)
        #expect(glass.deployment?.overrideReason == "incident 42")
        #expect(try f.store.auditEvents().last?.entry.details.contains("window overridden: incident 42") == true)
    }

    @Test func rejectClosesTheRequest() async throws {
        let f = try await prepared()
        let pipeline = try f.pipeline()
        _ = try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v1")
        #expect(throws: EngineError.self) { try f.engine(actor: "mallory").reject(pipeline, environment: "production", artifact: "v1", comment: "no") }
        let rejected = try f.engine(actor: "carol").reject(pipeline, environment: "production", artifact: "v1", comment: "bad build")
        #expect(rejected.state == .rejected)
        #expect(throws: EngineError.self) { try f.engine(actor: "alice").approve(pipeline, environment: "production", artifact: "v1") }
    }
}
