import Foundation
import GantryStore
import Testing
@testable import GantryEngine

/// The promotion-path gate trusts the present: a rollback in `from` undoes what it replaced.
@Suite struct PathGateTests {
    let secrets = ["GANTRY_SECRET_DB_PASSWORD": "pw"]

    /// development and staging both ran `good` then `bad`; then staging was rolled back (by carol).
    private func rolledBackStaging() async throws -> (EngineFixture, rollback: Deployment) {
        let f = try EngineFixture(pipeline: EngineRunTests.pipeline)
        for name in ["dev-1", "stage-1", "prod-1", "prod-2", "prod-3"] { _ = f.host(name) }
        try f.record("good")
        try f.record("bad", commit: String(repeating: "b", count: 40))
        let pipeline = try f.pipeline()
        for tag in ["good", "bad"] {
            #expect(try await f.engine(environment: secrets).deploy(pipeline, to: "development", artifact: tag).outcome == .succeeded)
            #expect(try await f.engine(environment: secrets).promote(pipeline, to: "staging", artifact: tag).outcome == .succeeded)
        }
        f.clock.advance(by: 3600)
        let back = try await f.engine(actor: "carol", environment: secrets).rollback(pipeline, environment: "staging")
        #expect(back.outcome == .succeeded)
        #expect(back.deployment?.artifactTag == "good")
        return (f, try #require(back.deployment))
    }

    @Test func aRolledBackArtifactCannotLeaveItsEnvironment() async throws {
        let (f, rollback) = try await rolledBackStaging()
        let pipeline = try f.pipeline()
        let result = try await f.engine(environment: secrets).promote(pipeline, to: "production", artifact: "bad")
        #expect(result.outcome == .blocked)
        #expect(result.outcome == .blocked)
        let path = try #require(result.gates.result(for: .path))
        #expect(path.state == .blocked)
        let when = "2027-01-15T09:00:00+00:00"
        #expect(path.reason == "bad succeeded in staging (deployment #4) but was rolled back there since: "
            + "deployment #\(rollback.id), a rollback to good by carol at \(when); staging runs good")
        #expect(path.unblock == "deploy bad to staging again (a new successful deployment) first")
        #expect(result.request == nil, "no promotion request for an artifact the path gate refuses")
        #expect(f.hosts["prod-1"]!.commands.isEmpty)
        #expect(try f.store.currentDeployment(pipeline: "shop", environment: "production") == nil)

        // What staging runs now may go on.
        let good = try await f.engine(environment: secrets).promote(pipeline, to: "production")
        #expect(good.outcome == .succeeded)
        #expect(good.gates.result(for: .path)?.reason == "good succeeded in staging and is what it runs now")
    }

    @Test func aNewSuccessfulDeploymentToFromClearsTheRollback() async throws {
        let (f, _) = try await rolledBackStaging()
        let pipeline = try f.pipeline()
        let again = try await f.engine(environment: secrets).promote(pipeline, to: "staging", artifact: "bad")
        #expect(again.outcome == .succeeded)
        // Something newer replaced it normally: history without a rollback since still counts.
        try f.record("next", commit: String(repeating: "c", count: 40))
        #expect(try await f.engine(environment: secrets).deploy(pipeline, to: "development", artifact: "next").outcome == .succeeded)
        #expect(try await f.engine(environment: secrets).promote(pipeline, to: "staging", artifact: "next").outcome == .succeeded)
        let result = try await f.engine(environment: secrets).promote(pipeline, to: "production", artifact: "bad")
        #expect(result.outcome == .succeeded)
        #expect(result.gates.result(for: .path)?.reason.hasPrefix("bad succeeded in staging (deployment #") == true)
        #expect(result.gates.result(for: .path)?.reason.hasSuffix("; no rollback there since") == true)
    }

    @Test func aRollbackPastSeveralArtifactsUndoesEachOfThem() async throws {
        let f = try EngineFixture(pipeline: EngineRunTests.pipeline)
        for name in ["dev-1", "stage-1"] { _ = f.host(name) }
        let pipeline = try f.pipeline()
        for (index, tag) in ["a", "b", "c"].enumerated() {
            try f.record(tag, commit: String(repeating: "\(index + 1)", count: 40))
            #expect(try await f.engine(environment: secrets).deploy(pipeline, to: "development", artifact: tag).outcome == .succeeded)
        }
        let back = try await f.engine(environment: secrets).rollback(pipeline, environment: "development", to: "a")
        #expect(back.outcome == .succeeded)
        for tag in ["b", "c"] {
            let result = try await f.engine(environment: secrets).promote(pipeline, to: "staging", artifact: tag)
            #expect(result.gates.result(for: .path)?.state == .blocked, "\(tag)")
            #expect(result.gates.result(for: .path)?.reason.contains("rolled back there since: deployment #4, a rollback to a") == true)
        }
        #expect(try await f.engine(environment: secrets).promote(pipeline, to: "staging", artifact: "a").outcome == .succeeded)
        #expect(f.hosts["stage-1"]!.commands.count == 2)
    }
}
