import Foundation
import Testing
@testable import GantryStore

@Suite("Query plans")
struct QueryPlanTests {
    /// The indexes each status and history query must search, and no others. Another index can be
    /// worse than a scan: walking a pipeline's whole history in id order to find its few running
    /// deployments reads every page of the table.
    static let expectedIndexes: [String: Set<String>] = [
        "history of an environment": ["deployment_history"],
        "history of a pipeline": ["deployment_pipeline_history"],
        "current artifact": ["deployment_success"],
        "current artifact of every environment": ["deployment_success", "deployment_success_tag"],
        "running deployments": ["deployment_active"],
        "running deployments of every pipeline": ["deployment_active"],
        "open requests": ["promotion_request_by_state"],
        "open requests of every pipeline": ["promotion_request_by_state"],
        "has succeeded": ["deployment_success_tag"],
        "last success of an artifact": ["deployment_success_tag"],
        "first rollback since": ["deployment_rollback"],
    ]

    /// Planned as in production: Gantry never runs ANALYZE, and the table holds many finished
    /// deployments (20,000 here) and a few running ones.
    @Test("status and history queries search their own index, never scan a table", arguments: StatusQueries.all.map(\.name))
    func usesIndexes(name: String) throws {
        let fixture = try StoreFixture()
        try fixture.deploy("production", "v1")
        try fixture.deploy("staging", "v2", status: .running)
        _ = try fixture.sqlite("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
            INSERT INTO deployment (pipeline, environment, artifact_tag, commit_sha, kind, status, actor, started_at,
                                    finished_at, trigger)
            SELECT 'webshop', CASE i % 3 WHEN 0 THEN 'development' WHEN 1 THEN 'staging' ELSE 'production' END,
                   'v' || i, 'c' || i, 'deploy', 'succeeded', 'bench', datetime('2026-01-01', '+' || i || ' minutes'),
                   datetime('2026-01-01', '+' || i || ' minutes', '+30 seconds'), 'cli'
            FROM n;
            """)
        let sql = try #require(StatusQueries.all.first { $0.name == name }?.sql)
        let expected = try #require(Self.expectedIndexes[name], "no expected index for '\(name)'")
        let plan = try fixture.sqlite("EXPLAIN QUERY PLAN " + sql)
        let scans = plan.split(separator: "\n").filter { line in
            (line.contains("SCAN deployment") || line.contains("SCAN promotion_request")) && !line.contains("USING")
        }
        #expect(scans.isEmpty, "\(name) scans a table:\n\(plan)")
        let indexes = plan.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "INDEX ") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != " " })
        }
        #expect(Set(indexes) == expected, "\(name) should search \(expected.sorted()):\n\(plan)")
    }
}
