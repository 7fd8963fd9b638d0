import Foundation
import GantryStore
import Testing
@testable import GantryEngine

/// Expired approvals renewed, refused rejections audited.
@Suite struct EngineApprovalEdgeTests {
    @Test func anExpiredApprovalCanBeRenewedAndTheRenewalIsStored() async throws {
        let f = try await EngineApprovalTests().prepared()
        let pipeline = try f.pipeline()
        _ = try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v1")
        _ = try f.engine(actor: "alice").approve(pipeline, environment: "production", artifact: "v1")

        f.clock.advance(by: 25 * 3600)   // alice's approval (expires: 24h) no longer counts
        let status = try f.engine().status(pipeline).first { $0.name == "production" }?.requests.first
        #expect(status?.status.missing == 2)
        #expect(status?.approvedBy == [], "an expired approval is not listed as approved")

        let renewed = try f.engine(actor: "alice").approve(pipeline, environment: "production", artifact: "v1")
        #expect(renewed.outcome == .recorded)
        let stored = try f.store.approvals(requestID: renewed.request.id)
        #expect(stored.map(\.approver) == ["alice"])
        #expect(stored.first?.approvedAt == f.clock.now(), "the renewal replaces the expired approval")

        let bob = try f.engine(actor: "bob").approve(pipeline, environment: "production", artifact: "v1")
        #expect(bob.outcome == .approved)
        let after = try f.engine().status(pipeline).first { $0.name == "production" }?.requests.first
        #expect(after?.status.missing == 0, "what approve reported is what the gate sees")
    }

    @Test func aRefusedRejectionIsAudited() async throws {
        let f = try await EngineApprovalTests().prepared()
        let pipeline = try f.pipeline()
        _ = try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v1")
        #expect(throws: EngineError.self) {
            try f.engine(actor: "mallory").reject(pipeline, environment: "production", artifact: "v1", comment: "no")
        }
        let refused = try f.store.auditEvents().filter { $0.entry.action == "reject" }
        #expect(refused.map(\.entry.actor) == ["mallory"])
        #expect(refused.first?.entry.outcome == "refused")
        #expect(refused.first?.entry.details.contains("mallory may not reject this request") == true)
    }
}
