import Foundation
import Testing
@testable import GantryStore

@Suite("Deployments")
struct DeploymentTests {
    @Test("a deployment goes from running to succeeded with an end time")
    func lifecycle() throws {
        let fixture = try StoreFixture()
        let created = try fixture.store.createDeployment(fixture.newDeployment("production", "v1"))
        #expect(created.status == .running && created.finishedAt == nil && created.id > 0)
        #expect(try fixture.store.activeDeployments(pipeline: "webshop").map(\.id) == [created.id])
        let done = try fixture.store.updateDeployment(id: created.id, status: .succeeded, now: StoreFixture.t0 + 90, message: "3 hosts")
        #expect(done.status == .succeeded && done.finishedAt == StoreFixture.t0 + 90 && done.message == "3 hosts")
        #expect(try fixture.store.activeDeployments().isEmpty)
        #expect(try fixture.store.deployment(id: created.id) == done)
        #expect(throws: StoreError.notFound("deployment #999")) {
            try fixture.store.updateDeployment(id: 999, status: .failed, now: StoreFixture.t0)
        }
    }

    @Test("history is newest first, per environment, with limit and offset")
    func history() throws {
        let fixture = try StoreFixture()
        let a = try fixture.deploy("staging", "v1", at: 0)
        let b = try fixture.deploy("production", "v1", at: 100)
        let c = try fixture.deploy("staging", "v2", at: 200)
        #expect(try fixture.store.history(pipeline: "webshop").map(\.id) == [c.id, b.id, a.id])
        #expect(try fixture.store.history(pipeline: "webshop", environment: "staging").map(\.id) == [c.id, a.id])
        #expect(try fixture.store.history(pipeline: "webshop", limit: 1, offset: 1).map(\.id) == [b.id])
        #expect(try fixture.store.history(pipeline: "other").isEmpty)
    }

    @Test("current artifact ignores failures and config-only runs; previous is the one before")
    func currentAndPrevious() throws {
        let fixture = try StoreFixture()
        try fixture.deploy("production", "v1", at: 0)
        try fixture.deploy("production", "v2", at: 100)
        try fixture.deploy("production", "v2", kind: .configOnly, at: 150)
        try fixture.deploy("production", "v3", status: .failed, at: 200)
        try fixture.deploy("production", "v2", kind: .promote, at: 300)
        try fixture.deploy("staging", "v4", at: 400)
        #expect(try fixture.store.currentDeployment(pipeline: "webshop", environment: "production")?.artifactTag == "v2")
        #expect(try fixture.store.previousDeployment(pipeline: "webshop", environment: "production")?.artifactTag == "v1")
        #expect(try fixture.store.succeededTags(pipeline: "webshop", environment: "production") == ["v2", "v1"])
        #expect(try fixture.store.hasSucceeded(pipeline: "webshop", environment: "production", tag: "v1"))
        #expect(try !fixture.store.hasSucceeded(pipeline: "webshop", environment: "production", tag: "v3"))
        let current = try fixture.store.currentDeployments(pipeline: "webshop")
        #expect(current.mapValues(\.artifactTag) == ["production": "v2", "staging": "v4"])
        #expect(try fixture.store.previousDeployment(pipeline: "webshop", environment: "staging") == nil)
    }

    @Test("path standing: what runs now, the artifact's last success, and the first rollback since")
    func pathStanding() throws {
        let fixture = try StoreFixture()
        let y = try fixture.deploy("staging", "Y", kind: .promote, at: 0)
        let x = try fixture.deploy("staging", "X", kind: .promote, at: 100)
        try fixture.deploy("staging", "Z", kind: .promote, status: .failed, at: 150)
        try fixture.deploy("staging", "Y", kind: .configOnly, at: 180)
        let back = try fixture.deploy("staging", "Y", kind: .rollback, at: 200)
        try fixture.deploy("staging", "W", kind: .rollback, at: 300)
        try fixture.deploy("production", "X", kind: .rollback, at: 250)
        let standing = try fixture.store.pathStanding(pipeline: "webshop", environment: "staging", tag: "X")
        #expect(standing.current?.artifactTag == "W")
        #expect(standing.lastSuccess?.id == x.id)
        #expect(standing.rollbackSince?.id == back.id, "the first rollback after X's success")
        let y1 = try fixture.store.pathStanding(pipeline: "webshop", environment: "staging", tag: "Y")
        #expect(y1.lastSuccess?.id == back.id && y1.lastSuccess?.id != y.id, "a rollback to Y is a success of Y")
        #expect(y1.rollbackSince?.artifactTag == "W")
        let none = try fixture.store.pathStanding(pipeline: "webshop", environment: "staging", tag: "Z")
        #expect(none.lastSuccess == nil && none.rollbackSince == nil)
    }

    @Test("step results are appended and read back in order")
    func stepResults() throws {
        let fixture = try StoreFixture()
        let deployment = try fixture.store.createDeployment(fixture.newDeployment("production", "v1"))
        let first = StepResult(deploymentID: deployment.id, host: "web-1", step: "health", attempt: 1, exitStatus: 7,
                               startedAt: StoreFixture.t0, finishedAt: StoreFixture.t0 + 1, outcome: "failed", output: "curl: (7) ***")
        var second = first
        second.attempt = 2
        second.exitStatus = 0
        second.outcome = "succeeded"
        second.output = "ok\nnon-ASCII: é ✓"
        try fixture.store.appendStepResult(first)
        try fixture.store.appendStepResult(second)
        #expect(try fixture.store.stepResults(deploymentID: deployment.id) == [first, second])
        #expect(try fixture.store.stepResults(deploymentID: deployment.id + 1).isEmpty)
    }
}
