import Foundation
import Testing
@testable import GantryStore

/// Fills a store with 100,000 deployments and times the queries behind `status` and `history`.
///
/// Opt-in (`GANTRY_BENCH=1`, see scripts/bench-state): it takes seconds and prints figures.
@Suite("Benchmark", .enabled(if: ProcessInfo.processInfo.environment["GANTRY_BENCH"] == "1"))
struct StoreBenchmark {
    static let deployments = 100_000

    @Test("status and history stay well under 50 ms with 100,000 deployments")
    func statusAndHistory() throws {
        let fixture = try StoreFixture()
        let generation = try measure { try generate(fixture) }
        #expect(try fixture.sqlite("SELECT COUNT(*) FROM deployment") == String(Self.deployments))
        print("bench-state: generated \(Self.deployments) deployments in \(format(generation)) (one transaction)")
        var opened: StateStore?
        let opening = try measure { opened = try StateStore.open(path: fixture.path) }
        let store = try #require(opened)
        print("bench-state: open the store (schema check included): \(format(opening))")
        let queries: [(String, () throws -> Int)] = [
            ("status: current artifact per environment", { try store.currentDeployments(pipeline: "webshop").count }),
            ("status: current artifact of production", { try store.currentDeployment(pipeline: "webshop", environment: "production") == nil ? 0 : 1 }),
            ("status: running deployments", { try store.activeDeployments(pipeline: "webshop").count }),
            ("status: open promotion requests", { try store.livePromotionRequests(pipeline: "webshop").count }),
            ("history: latest 50 of the pipeline", { try store.history(pipeline: "webshop").count }),
            ("history: latest 50 of production", { try store.history(pipeline: "webshop", environment: "production").count }),
            ("rollback: previous artifact of production", { try store.previousDeployment(pipeline: "webshop", environment: "production") == nil ? 0 : 1 }),
            ("path gate: standing of v1000 in staging", {
                try store.pathStanding(pipeline: "webshop", environment: "staging", tag: "v1000").lastSuccess == nil ? 0 : 1
            }),
        ]
        for (name, query) in queries {
            var rows = 0
            let first = try measure { rows = try query() }
            var runs: [Duration] = []
            for _ in 0..<20 { runs.append(try measure { _ = try query() }) }
            runs.sort()
            print("bench-state: \(name): first \(format(first)), median \(format(runs[10])), max \(format(runs[19])) (\(rows) rows)")
            #expect(rows > 0, "\(name) found nothing")
            #expect(runs[10] < .milliseconds(50), "\(name) is slow")
        }
    }

    /// 100,000 deployments over 5 pipelines and 3 environments, mostly succeeded, some failed,
    /// some config-only, a few still running; generated inside SQLite in one transaction.
    func generate(_ fixture: StoreFixture) throws {
        try fixture.sqlite("""
            BEGIN;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(Self.deployments))
            INSERT INTO deployment (pipeline, environment, artifact_tag, digest, commit_sha, kind, status, actor,
                                    started_at, finished_at, previous_tag, trigger, message)
            SELECT CASE i % 5 WHEN 0 THEN 'webshop' ELSE 'service-' || (i % 5) END,
                   CASE i % 3 WHEN 0 THEN 'development' WHEN 1 THEN 'staging' ELSE 'production' END,
                   'v' || (i / 15), 'sha256:' || hex(randomblob(32)), lower(hex(randomblob(20))),
                   CASE WHEN i % 17 = 0 THEN 'config-only' WHEN i % 3 = 0 THEN 'deploy' ELSE 'promote' END,
                   CASE WHEN i > \(Self.deployments - 10) THEN 'running' WHEN i % 11 = 0 THEN 'failed' ELSE 'succeeded' END,
                   CASE i % 4 WHEN 0 THEN 'alice' WHEN 1 THEN 'bob' WHEN 2 THEN 'carol' ELSE 'dave' END,
                   strftime('%Y-%m-%d %H:%M:%f', 1790000000 + i * 60, 'unixepoch'),
                   strftime('%Y-%m-%d %H:%M:%f', 1790000000 + i * 60 + 45, 'unixepoch'),
                   'v' || (i / 15 - 1), CASE i % 7 WHEN 0 THEN 'hook' ELSE 'cli' END, 'done'
            FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
            INSERT INTO promotion_request (pipeline, environment, artifact_tag, digest, requester, created_at, state)
            SELECT CASE i % 5 WHEN 0 THEN 'webshop' ELSE 'service-' || (i % 5) END, 'production', 'v' || i, NULL, 'dave',
                   strftime('%Y-%m-%d %H:%M:%f', 1790000000 + i * 600, 'unixepoch'),
                   CASE WHEN i > 1990 THEN 'open' ELSE 'executed' END
            FROM n;
            COMMIT;
            ANALYZE;
            """)
    }

    func measure(_ body: () throws -> Void) throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        return start.duration(to: clock.now)
    }

    func format(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.2f ms", ms)
    }
}
