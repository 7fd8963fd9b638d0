import Foundation
import Synchronization
import Testing
import GantryGates
import GantryModel
import GantryStore
import GantryTestSupport
@testable import GantryEngine

/// The shipped example pipeline, pipelines/webshop.yml, as it is: its production promotion is
/// protected by the parity gate, the receipt and the migration ledger. Real git (migration
/// files read at the artifact's commit) and real SQLite; hosts are in-memory twins answering
/// the pipeline's fact commands from a table the test changes.
@Suite struct WebshopProtectionTests {
    /// What each host answers to the pipeline's fact commands.
    final class Facts: Sendable {
        private let table = Mutex<[String: [String: String]]>([:])
        func set(_ host: String, _ fact: String, _ value: String) { table.withLock { $0[host, default: [:]][fact] = value } }
        func answer(_ host: String, _ command: String) -> String? {
            let fact = command.hasPrefix("grep VERSION_ID") ? "os" : command.hasPrefix("ruby -e") ? "ruby"
                : command.hasPrefix("pg_dump -s") ? "schema" : nil
            return fact.flatMap { name in table.withLock { $0[host]?[name] ?? "default-\(name)" } }
        }
    }

    static let hosts = ["dev-web-1", "stage-web-1", "prod-web-1", "prod-web-2", "prod-web-3", "prod-web-4"]
    static let secrets = ["GANTRY_SECRET_DATABASE_URL": "postgres://shop:pw-Xq81@db/shop", "GANTRY_SECRET_STRIPE_KEY": "sk_live_Zt7"]

    let repo: GitFixture
    let state: TemporaryDirectory
    let store: StateStore
    let clock = ManualClock(ISO8601DateFormatter().date(from: "2027-02-02T10:00:00Z")!) // Tuesday, window open
    let facts = Facts()
    let connections: [String: MemoryConnection]
    let events = EngineFixture.EventLog()

    init() throws {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        repo = try GitFixture.make()
        for file in ["pipelines/webshop.yml", "templates/rails.yml", "templates/files/app.env"] {
            try repo.write(file, try String(contentsOf: package.appendingPathComponent(file), encoding: .utf8))
        }
        state = try TemporaryDirectory(prefix: "gantry-webshop")
        store = try StateStore.open(path: state.path + "/state.db")
        var table: [String: MemoryConnection] = [:]
        for host in Self.hosts {
            let connection = MemoryConnection()
            let facts = self.facts
            connection.responder = { command in
                let output = facts.answer(host, command)
                return .init(lines: output.map { [(.stdout, $0)] } ?? [], result: RemoteResult(exitStatus: 0))
            }
            table[host] = connection
        }
        connections = table
    }

    func engine(_ actor: String) -> Engine {
        let table = connections, events = self.events
        return Engine(store: store, clock: clock, actor: actor,
                      secrets: SecretResolver(environment: Self.secrets, secretsDirectory: state.url.appendingPathComponent("none")),
                      observer: { events.add($0) }, connections: { _ in MemoryConnections(table: table) })
    }

    func release(_ tag: String, _ files: [String: String]) throws {
        let sha = try repo.commit(tag, files: files)
        _ = try store.recordArtifact(Artifact(pipeline: "webshop", tag: tag, commit: sha, builtBy: "ci", builtAt: clock.now()))
    }

    func approveAndPromote(_ pipeline: Pipeline, _ tag: String) async throws -> Engine.RunResult {
        let first = try await engine("dave").promote(pipeline, to: "production", artifact: tag)
        guard first.gates.result(for: .approval)?.state == .blocked else { return first }
        _ = try engine("alice").approve(pipeline, environment: "production", artifact: tag)
        _ = try engine("bob").approve(pipeline, environment: "production", artifact: tag)
        return try await engine("dave").promote(pipeline, to: "production", artifact: tag)
    }

    @Test func productionIsProtectedByTheParityGateTheReceiptAndTheLedger() async throws {
        let set = try PipelineSet.load(directory: repo.path + "/pipelines")
        let pipeline = try set.pipeline(named: "webshop")
        #expect(pipeline.environments.last?.parity?.with == "staging" && pipeline.environments.last?.parity?.block == true)

        for host in ["dev-web-1", "stage-web-1"] { facts.set(host, "ruby", "3.2.2") }
        facts.set("prod-web-1", "ruby", "3.3.0")
        try release("v1", ["db/migrations/V1__init.sql": "CREATE TABLE orders (id int);\n"])
        #expect(try await engine("dave").deploy(pipeline, to: "development", artifact: "v1").outcome == .succeeded)
        #expect(try await engine("dave").promote(pipeline, to: "staging").outcome == .succeeded)

        // Approvals and parity both block; approvals alone do not open the gate.
        let blocked = try await engine("dave").promote(pipeline, to: "production")
        #expect(blocked.gates.blocking.map(\.gate) == [.approval, .parity])
        let stillBlocked = try await approveAndPromote(pipeline, "v1")
        #expect(stillBlocked.outcome == .blocked)
        #expect(stillBlocked.gates.blocking.map(\.gate) == [.parity])
        let reason = stillBlocked.gates.result(for: .parity)?.reason ?? ""
        #expect(reason.contains("fact ruby: staging 3.2.2 (as it passed there, and now), production 3.3.0 — undocumented"),
                "\(reason)")
        #expect(connections["prod-web-1"]!.commands.allSatisfy { !$0.hasPrefix("ln -sfn") })

        // Brought in line with staging (as tested), production passes; LOG_LEVEL is documented.
        facts.set("prod-web-1", "ruby", "3.2.2")
        let passed = try await approveAndPromote(pipeline, "v1")
        #expect(passed.outcome == .succeeded, "\(passed.message)")
        #expect(passed.gates.result(for: .parity)?.reason.hasPrefix("no undocumented drift with staging (as v1 passed there, and now); 2 pending, 1 documented") == true)
        #expect(passed.gates.result(for: .migrations)?.reason == "1 pending: V1__init.sql")
        #expect(try store.migrationLedger(pipeline: "webshop", environment: "production").map(\.name) == ["V1__init.sql"])
        let receipt = try #require(try store.latestReceipt(pipeline: "webshop", environment: "production", artifactTag: "v1"))
        let snapshot = try EnvironmentSnapshot.decode(receipt.snapshot)
        #expect(snapshot.facts.map(\.name) == ["os", "ruby", "schema"])
        #expect(snapshot.ledgerHead == "V1__init.sql")

        // The ledger refuses an artifact that rewrites an applied migration, before any host is touched.
        try release("v2", ["db/migrations/V1__init.sql": "CREATE TABLE orders (id bigint);\n"])
        let rewritten = try await engine("dave").deploy(pipeline, to: "development", artifact: "v2")
        #expect(rewritten.gates.blocking.map(\.gate) == [.migrations])
        #expect(rewritten.outcome == .blocked)

        // Staging upgraded after v3 was tested there: the receipt makes it visible.
        try release("v3", ["db/migrations/V1__init.sql": "CREATE TABLE orders (id int);\n", "db/migrations/V2__lines.sql": "SELECT 2;\n"])
        #expect(try await engine("dave").deploy(pipeline, to: "development", artifact: "v3").outcome == .succeeded)
        #expect(try await engine("dave").promote(pipeline, to: "staging", artifact: "v3").outcome == .succeeded)
        facts.set("stage-web-1", "os", "VERSION_ID=\"13\"")
        let upgraded = try await approveAndPromote(pipeline, "v3")
        #expect(upgraded.gates.blocking.map(\.gate) == [.parity])
        let upgradedReason = upgraded.gates.result(for: .parity)?.reason ?? ""
        #expect(upgradedReason.contains("staging changed since v3 passed there: fact os default-os → VERSION_ID=\"13\""), "\(upgradedReason)")
        #expect(upgradedReason.contains("fact os: staging VERSION_ID=\"13\" (now), production default-os"))

        // Secret values went into the schema command, never into what Gantry reports or keeps.
        // …on stdin, as a shell variable: the command text itself never holds the value.
        #expect(connections["stage-web-1"]!.variables.contains { $0.contains { $0.value.contains("pw-Xq81") } })
        #expect(!connections["stage-web-1"]!.commands.contains { $0.contains("pw-Xq81") })
        let audit = try store.auditEvents().map(\.entry.details).joined()
        for text in [audit, reason, upgradedReason, receipt.snapshot] { #expect(!text.contains("pw-Xq81")) }
    }
}
