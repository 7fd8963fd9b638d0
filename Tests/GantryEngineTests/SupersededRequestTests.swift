import Foundation
import Testing
import GantryStore
@testable import GantryEngine

/// Promotion requests that are out of date read as superseded, and still work as requests.
@Suite struct SupersededRequestTests {
    static let pipeline = EngineFixture.shopPipeline("""
        approval: { required: 1, approvers: [alice, bob] }
    """)

    func fixture() throws -> EngineFixture {
        let f = try EngineFixture(pipeline: Self.pipeline)
        _ = f.host("dev-1"); _ = f.host("prod-1")
        for (tag, letter) in [("v1", "a"), ("v2", "b"), ("v3", "c")] {
            try f.record(tag, commit: String(repeating: letter, count: 40))
        }
        return f
    }

    func requests(_ f: EngineFixture) throws -> [String: Engine.RequestStatus] {
        let production = try f.engine().status(try f.pipeline()).first { $0.name == "production" }
        return Dictionary(uniqueKeysWithValues: (production?.requests ?? []).map { ($0.request.artifactTag, $0) })
    }

    @Test func aRequestIsSupersededWhenItsFromEnvironmentMovesOnAfterIt() async throws {
        let f = try fixture()
        let pipeline = try f.pipeline()
        _ = try await f.engine(actor: "ci").deploy(pipeline, to: "development", artifact: "v1")
        f.clock.advance(by: 60)
        #expect(try await f.engine(actor: "dave").promote(pipeline, to: "production").outcome == .blocked)
        #expect(try requests(f)["v1"]?.superseded == nil)

        f.clock.advance(by: 60)
        _ = try await f.engine(actor: "ci").deploy(pipeline, to: "development", artifact: "v2")
        let v1 = try #require(try requests(f)["v1"])
        #expect(v1.superseded == .fromMovedOn(environment: "development", tag: "v2"))
        #expect(v1.superseded?.reason(tag: "v1")
            == "development moved on to v2 since it was requested; `--artifact v1` still runs it while the path gate lets it in")
        // Derived, not stored: the request is still live and can be approved and run.
        #expect(v1.request.state == .open)
        #expect(try f.engine(actor: "alice").approve(pipeline, environment: "production", artifact: "v1").outcome == .approved)
        let run = try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v1")
        #expect(run.outcome == .succeeded)
        #expect(run.request?.state == .executed)
        #expect(try requests(f)["v1"] == nil)
    }

    @Test func aRequestOpenedOnPurposeForAnOlderArtifactIsNotSupersededByWhatCameBefore() async throws {
        let f = try fixture()
        let pipeline = try f.pipeline()
        _ = try await f.engine(actor: "ci").deploy(pipeline, to: "development", artifact: "v1")
        f.clock.advance(by: 60)
        _ = try await f.engine(actor: "ci").deploy(pipeline, to: "development", artifact: "v2")
        f.clock.advance(by: 60)
        _ = try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v1")
        _ = try await f.engine(actor: "dave").promote(pipeline, to: "production")
        var open = try requests(f)
        #expect(open["v1"]?.superseded == nil)
        #expect(open["v2"]?.superseded == nil)

        f.clock.advance(by: 60)
        _ = try await f.engine(actor: "ci").deploy(pipeline, to: "development", artifact: "v3")
        open = try requests(f)
        #expect(open["v1"]?.superseded == .fromMovedOn(environment: "development", tag: "v3"))
        #expect(open["v2"]?.superseded == .fromMovedOn(environment: "development", tag: "v3"))
    }

    @Test func aRequestIsSupersededWhenItsArtifactAlreadyRunsThere() async throws {
        let f = try fixture()
        let pipeline = try f.pipeline()
        _ = try await f.engine(actor: "ci").deploy(pipeline, to: "development", artifact: "v1")
        f.clock.advance(by: 60)
        _ = try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v1")
        _ = try f.engine(actor: "alice").approve(pipeline, environment: "production", artifact: "v1")
        #expect(try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v1").outcome == .succeeded)
        f.clock.advance(by: 60)
        _ = try await f.engine(actor: "ci").deploy(pipeline, to: "development", artifact: "v2")
        _ = try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v2")
        _ = try f.engine(actor: "bob").approve(pipeline, environment: "production", artifact: "v2")
        #expect(try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v2").outcome == .succeeded)

        // A new request for v1, then production goes back to v1 by a rollback (which needs no approval).
        f.clock.advance(by: 60)
        #expect(try await f.engine(actor: "dave").promote(pipeline, to: "production", artifact: "v1").outcome == .blocked)
        #expect(try requests(f)["v1"]?.superseded == nil)
        f.clock.advance(by: 60)
        #expect(try await f.engine(actor: "dave").rollback(pipeline, environment: "production", to: "v1").outcome == .succeeded)
        let v1 = try #require(try requests(f)["v1"])
        #expect(v1.superseded == .alreadyRunning(environment: "production"))
        #expect(v1.superseded?.reason(tag: "v1") == "production already runs v1")
        #expect(v1.request.state == .open)
    }
}
