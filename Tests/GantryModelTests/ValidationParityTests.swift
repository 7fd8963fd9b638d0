import Foundation
import Testing
@testable import GantryModel

/// `parity:` and `migrations:`: allow entries with owner and expiry, probes, out-of-order migrations.
@Suite struct ValidationParityTests {
    private func fixture(_ parity: String, migrations: String = "") throws -> PipelineFixture {
        try PipelineFixture("""
            version: 1
            hosts: { web-1: { address: 10.0.0.1 }, web-2: { address: 10.0.0.2 } }
            environments:
              staging: { hosts: [web-1], vars: { LOG_LEVEL: debug } }
              production: { from: staging, hosts: [web-2], parity: { with: staging, block: true } }
            vars: { LOG_LEVEL: info }
            secrets: [DATABASE_URL]
            steps:
              - run: "echo hi"
            \(migrations)
            \(parity)
            """)
    }

    @Test func allowEntriesCarryOwnerAndExpiry() throws {
        let parity = try fixture("""
            parity:
              facts:
                ruby: "ruby -v"
                schema: { run: "pg_dump -s ${secrets.DATABASE_URL} | sha256sum", follows: artifact }
              allow:
                - { var: LOG_LEVEL, between: [staging, production], reason: "verbose", impact: "logs", owner: ops, expires: 2027-06-30 }
                - { secret: DATABASE_URL, between: [production, staging], reason: "own db", impact: "none" }
            """).pipeline().parity
        let allow = try #require(parity?.allow)
        #expect(allow.count == 2)
        #expect(allow[0].owner == "ops")
        #expect(allow[0].expiresText == "2027-06-30")
        #expect(allow[0].expiresAt == ISO8601DateFormatter().date(from: "2027-06-30T00:00:00Z"))
        #expect(allow[0].isExpired(at: ISO8601DateFormatter().date(from: "2027-06-29T23:59:59Z")!) == false)
        #expect(allow[0].isExpired(at: ISO8601DateFormatter().date(from: "2027-06-30T00:00:00Z")!) == true)
        #expect(allow[1].subject == .secret("DATABASE_URL"))
        #expect(allow[1].covers("staging", "production"))
        #expect(!allow[1].covers("staging", "staging"))
        #expect(allow[1].expires == nil && allow[1].owner == nil)
        #expect(parity?.facts.map(\.followsArtifact) == [false, true])
    }

    @Test func badExpiryOwnerAndUnknownKeysPointAtTheValue() throws {
        let found = try fixture("""
            parity:
              allow:
                - { var: LOG_LEVEL, between: [staging, production], reason: r, impact: i, expires: 2027-13-01 }
                - { var: LOG_LEVEL, between: [staging, production], reason: r, impact: i, expires: "30/06/2027" }
                - { var: LOG_LEVEL, between: [staging, production], reason: r, impact: i, owner: [a, b] }
                - { var: LOG_LEVEL, between: [staging, production], reason: r, impact: i, expiry: 2027-01-01 }
            """).findings()
        #expect(found == [
            "13:88: 'expires' must be a date YYYY-MM-DD, found '2027-13-01'",
            "14:88: 'expires' must be a date YYYY-MM-DD, found '30/06/2027'",
            "15:86: 'owner' must be a string, found a list",
            "16:79: unknown key 'expiry' in 'parity.allow' entry (did you mean 'expires'?)",
        ])
    }

    @Test func factsCannotReferToValuesOfADeploymentRun() throws {
        let found = try fixture("""
            parity:
              running: "echo ${previous.tag}"
              facts:
                release: { run: "ls /srv/${release.id}" }
            """).findings()
        #expect(found == [
            "12:12: 'running' cannot refer to '${previous.tag}' (it exists only while a deployment runs)",
            "14:21: fact 'release' cannot refer to '${release.id}' (it exists only while a deployment runs)",
        ])
    }

    @Test func outOfOrderMigrationsMayBeAllowed() throws {
        let allowed = try fixture("", migrations: "migrations: { path: db/migrations, out_of_order: allow }").pipeline()
        #expect(allowed.migrations == MigrationSettings(path: "db/migrations", allowOutOfOrder: true))
        let refused = try fixture("", migrations: "migrations: { path: db/migrations }").pipeline()
        #expect(refused.migrations?.allowOutOfOrder == false)
        #expect(try fixture("", migrations: "migrations: { path: db, out_of_order: sometimes }").findings() == [
            "10:39: 'out_of_order' must be 'allow' or 'refuse', found 'sometimes'",
        ])
    }
}
