import Foundation
import Testing
@testable import GantryGates

/// Approval quorums and eligibility (docs/windows-approvals.md).
struct ApprovalTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)
    static let release = ArtifactIdentity(pipeline: "webshop", environment: "production", tag: "a1b2c3d", digest: "sha256:aaa")
    static let production = ApprovalPolicy(required: 2, approvers: ["alice", "bob", "carol"], selfApproval: false, expires: 24 * 3600)

    static func approval(_ who: String, minutesAfterStart minutes: Double = 0, for identity: ArtifactIdentity = release) -> Approval {
        Approval(approver: who, at: start.addingTimeInterval(minutes * 60), identity: identity)
    }

    @Test func nothingApprovedYetNamesEveryEligibleApprover() {
        let clock = ManualClock(Self.start)
        let status = Self.production.evaluate(identity: Self.release, requester: "dave", approvals: [], now: clock.now())
        #expect(!status.isApproved)
        #expect(status.missing == 2)
        #expect(status.candidates == .named(["alice", "bob", "carol"]))
        #expect(status.message == "needs 2 more approvals from alice, bob or carol")
    }

    @Test func quorumIsMetByDistinctApprovers() {
        let now = Self.start.addingTimeInterval(3600)
        let one = Self.production.evaluate(identity: Self.release, requester: "dave", approvals: [Self.approval("bob")], now: now)
        #expect(one.missing == 1)
        #expect(one.message == "needs 1 more approval from alice or carol")
        let two = Self.production.evaluate(identity: Self.release, requester: "dave",
                                           approvals: [Self.approval("bob"), Self.approval("carol", minutesAfterStart: 5)], now: now)
        #expect(two.isApproved)
        #expect(two.missing == 0)
        #expect(two.counted == ["bob", "carol"])
        #expect(two.message == "approved by bob and carol")
    }

    @Test func duplicateApprovalsCountOnce() {
        let now = Self.start.addingTimeInterval(3600)
        let approvals = [Self.approval("bob"), Self.approval("bob", minutesAfterStart: 10)]
        let status = Self.production.evaluate(identity: Self.release, requester: "dave", approvals: approvals, now: now)
        #expect(!status.isApproved)
        #expect(status.counted == ["bob"])
        let again = Self.production.eligibility(of: "bob", requester: "dave", identity: Self.release, approvals: approvals, now: now)
        #expect(again == .alreadyApproved(message: "bob already approved a1b2c3d; it counts once"))
        #expect(again.isAllowed)
    }

    @Test func outsidersAreRefusedAndNeverCount() {
        let now = Self.start.addingTimeInterval(60)
        let refusal = Self.production.eligibility(of: "mallory", requester: "dave", identity: Self.release, approvals: [], now: now)
        #expect(refusal == .refused(message: "mallory may not approve production: approvers are alice, bob and carol"))
        #expect(!refusal.isAllowed)
        let status = Self.production.evaluate(identity: Self.release, requester: "dave",
                                              approvals: [Self.approval("mallory"), Self.approval("alice")], now: now)
        #expect(status.counted == ["alice"])
        #expect(status.missing == 1)
    }

    @Test func selfApprovalIsRefusedByDefault() {
        let now = Self.start
        let policy = ApprovalPolicy(required: 1, approvers: ["alice", "bob"])
        #expect(policy.eligibility(of: "alice", requester: "alice", identity: Self.release, approvals: [], now: now)
            == .refused(message: "alice requested this promotion and may not approve it (self_approval is false)"))
        let status = policy.evaluate(identity: Self.release, requester: "alice", approvals: [Self.approval("alice")], now: now)
        #expect(!status.isApproved)
        #expect(status.message == "needs 1 more approval from bob")
    }

    @Test func selfApprovalCountsWhenAllowed() {
        let now = Self.start
        let policy = ApprovalPolicy(required: 1, approvers: ["alice", "bob"], selfApproval: true)
        #expect(policy.eligibility(of: "alice", requester: "alice", identity: Self.release, approvals: [], now: now) == .accepted)
        let status = policy.evaluate(identity: Self.release, requester: "alice", approvals: [Self.approval("alice")], now: now)
        #expect(status.isApproved)
        let anyone = ApprovalPolicy(required: 1, approvers: [], selfApproval: true)
        #expect(anyone.evaluate(identity: Self.release, requester: "alice", approvals: [], now: now).message
            == "needs 1 more approval from anyone")
    }

    @Test func emptyApproversMeansAnyoneButTheRequester() {
        let now = Self.start
        let policy = ApprovalPolicy(required: 2, approvers: [])
        let none = policy.evaluate(identity: Self.release, requester: "dave", approvals: [], now: now)
        #expect(none.message == "needs 2 more approvals from anyone but dave")
        #expect(none.candidates == .anyoneExcept(["dave"]))
        let one = policy.evaluate(identity: Self.release, requester: "dave", approvals: [Self.approval("erin")], now: now)
        #expect(one.message == "needs 1 more approval from anyone but dave and erin")
        #expect(policy.eligibility(of: "zoe", requester: "dave", identity: Self.release, approvals: [], now: now) == .accepted)
        #expect(!policy.eligibility(of: "dave", requester: "dave", identity: Self.release, approvals: [], now: now).isAllowed)
    }

    @Test func approvalsExpireCountingFromEachApproval() {
        let clock = ManualClock(Self.start)
        let approvals = [Self.approval("alice"), Self.approval("bob", minutesAfterStart: 120)]
        clock.advance(by: 24 * 3600)
        #expect(Self.production.evaluate(identity: Self.release, requester: "dave", approvals: approvals, now: clock.now()).isApproved)
        clock.advance(by: 1)
        let status = Self.production.evaluate(identity: Self.release, requester: "dave", approvals: approvals, now: clock.now())
        #expect(!status.isApproved)
        #expect(status.counted == ["bob"])
        #expect(status.expired == ["alice"])
        #expect(status.message == "needs 1 more approval from alice or carol")
        // An expired approval does not make a fresh one "already approved".
        #expect(Self.production.eligibility(of: "alice", requester: "dave", identity: Self.release,
                                            approvals: approvals, now: clock.now()) == .accepted)
    }

    @Test func anApprovalForOneArtifactNeverCountsForAnother() {
        var otherTag = Self.release
        otherTag.tag = "e4f5a6b"
        var otherDigest = Self.release
        otherDigest.digest = "sha256:bbb"
        var otherEnvironment = Self.release
        otherEnvironment.environment = "staging"
        for other in [otherTag, otherDigest, otherEnvironment] {
            #expect(!Self.release.approvalCounts(for: other))
            let status = Self.production.evaluate(identity: other, requester: "dave",
                                                  approvals: [Self.approval("alice"), Self.approval("bob")], now: Self.start)
            #expect(status.counted.isEmpty)
            #expect(Self.production.eligibility(of: "alice", requester: "dave", identity: other,
                                                approvals: [Self.approval("alice")], now: Self.start) == .accepted)
        }
        #expect(Self.release.approvalCounts(for: Self.release))
    }

    @Test func tooFewEligibleApproversIsExplained() {
        let policy = ApprovalPolicy(required: 3, approvers: ["alice", "dave"])
        let status = policy.evaluate(identity: Self.release, requester: "dave", approvals: [], now: Self.start)
        #expect(status.missing == 3)
        #expect(status.message == "needs 3 more approvals but only 1 more may approve (alice)")
    }

    @Test func zeroRequiredIsApprovedAtOnce() {
        let status = ApprovalPolicy(required: 0, approvers: []).evaluate(identity: Self.release, requester: "dave", approvals: [], now: Self.start)
        #expect(status.isApproved)
        #expect(status.message == "no approval required")
    }
}
