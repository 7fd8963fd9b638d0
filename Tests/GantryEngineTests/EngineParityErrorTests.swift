import Foundation
import Testing
@testable import GantryEngine

/// Bad requests to parity and verify are configuration errors (exit 2), before any host is reached.
@Suite struct EngineParityErrorTests {
    static let pipeline = """
        version: 1
        name: shop
        hosts: { web-1: { address: 127.0.0.1 }, web-2: { address: 127.0.0.1 } }
        secrets: [DB_URL]
        environments:
          staging: { hosts: [web-1] }
          production: { from: staging, hosts: [web-2] }
        steps: [{ run: "true" }]
        parity:
          facts:
            schema: "dump ${secrets.DB_URL}"
        """

    @Test func misuseIsRefusedBeforeAnyHostIsReached() async throws {
        let f = try EngineFixture(pipeline: Self.pipeline)
        let web1 = f.host("web-1"), web2 = f.host("web-2")
        let pipeline = try f.pipeline()
        await #expect(throws: EngineError.self) { _ = try await f.engine().parity(pipeline, between: "staging", and: "staging") }
        await #expect(throws: EngineError.self) { _ = try await f.engine().parity(pipeline, between: "staging", and: "prod") }
        do {
            _ = try await f.engine(environment: ["GANTRY_SECRET_STAGING_DB_URL": "x"]).parity(pipeline, between: "staging", and: "production")
            Issue.record("a fact needing a missing secret must be refused")
        } catch {
            #expect(error.severity == .usage)
            #expect(error.message.hasPrefix("parity facts of production need secret without a value: DB_URL (set GANTRY_SECRET_PRODUCTION_DB_URL"))
        }
        #expect(web1.commands.isEmpty && web2.commands.isEmpty)
    }

    @Test func verifyNeedsSomethingToVerifyWith() async throws {
        let f = try EngineFixture(pipeline: EngineRunTests.pipeline)
        let pipeline = try f.pipeline()
        do {
            _ = try await f.engine().verify(pipeline, environment: "production")
            Issue.record("verify without parity settings must be refused")
        } catch {
            #expect(error.severity == .usage)
            #expect(error.message.contains("has no 'parity.running' or 'parity.facts' to verify hosts with"))
        }
    }
}
