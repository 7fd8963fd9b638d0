import Foundation
import Testing
@testable import GantryStore

@Suite("Promotion requests and approvals")
struct RequestTests {
    func open(_ fixture: StoreFixture, _ tag: String = "v1") throws -> (request: PromotionRequest, created: Bool) {
        try fixture.store.openPromotionRequest(pipeline: "webshop", environment: "production", artifactTag: tag,
                                               digest: "sha256:\(tag)", requester: "dave", now: StoreFixture.t0)
    }

    @Test("one live request per artifact; a second promote finds it")
    func openAndFind() throws {
        let fixture = try StoreFixture()
        let first = try open(fixture)
        let again = try open(fixture)
        #expect(first.created && !again.created && first.request.id == again.request.id)
        #expect(first.request.state == .open && first.request.requester == "dave" && first.request.digest == "sha256:v1")
        let other = try open(fixture, "v2")
        #expect(other.created && other.request.id != first.request.id)
        #expect(try fixture.store.livePromotionRequests(pipeline: "webshop").map(\.artifactTag) == ["v1", "v2"])
        #expect(try fixture.store.livePromotionRequest(pipeline: "webshop", environment: "production", artifactTag: "v2")?.id == other.request.id)
    }

    @Test("a second approval by the same person counts once")
    func duplicateApproval() throws {
        let fixture = try StoreFixture()
        let request = try open(fixture).request
        #expect(try fixture.store.addApproval(Approval(requestID: request.id, approver: "alice", approvedAt: StoreFixture.t0 + 10, comment: "lgtm")))
        #expect(try !fixture.store.addApproval(Approval(requestID: request.id, approver: "alice", approvedAt: StoreFixture.t0 + 20)))
        #expect(try fixture.store.addApproval(Approval(requestID: request.id, approver: "bob", approvedAt: StoreFixture.t0 + 30)))
        let approvals = try fixture.store.approvals(requestID: request.id)
        #expect(approvals.map(\.approver) == ["alice", "bob"])
        #expect(approvals.first?.approvedAt == StoreFixture.t0 + 10 && approvals.first?.comment == "lgtm")
        let approved = try fixture.store.markRequestApproved(id: request.id)
        #expect(approved.state == .approved)
        let deployment = try fixture.deploy("production", "v1", kind: .promote)
        let executed = try fixture.store.markRequestExecuted(id: request.id, deploymentID: deployment.id, by: "carol", now: StoreFixture.t0 + 60)
        #expect(executed.state == .executed && executed.deploymentID == deployment.id && executed.closedBy == "carol")
        #expect(try fixture.store.livePromotionRequests().isEmpty)
    }

    @Test("a rejected request takes no more approvals and a new one can be opened")
    func reject() throws {
        let fixture = try StoreFixture()
        let request = try open(fixture).request
        let rejected = try fixture.store.rejectPromotionRequest(id: request.id, by: "alice", comment: "not now", now: StoreFixture.t0 + 5)
        #expect(rejected.state == .rejected && rejected.closedBy == "alice" && rejected.comment == "not now")
        #expect(throws: StoreError.notFound("open promotion request #\(request.id)")) {
            try fixture.store.addApproval(Approval(requestID: request.id, approver: "bob", approvedAt: StoreFixture.t0))
        }
        #expect(throws: StoreError.self) {
            try fixture.store.markRequestApproved(id: request.id)
        }
        let reopened = try open(fixture)
        #expect(reopened.created && reopened.request.id != request.id)
    }
}
