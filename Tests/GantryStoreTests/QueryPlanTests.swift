import Foundation
import Testing
@testable import GantryStore

@Suite("Query plans")
struct QueryPlanTests {
    /// A full scan of a 100,000-row table is what makes `gantry status` slow; every status and
    /// history query must find its rows through an index instead.
    @Test("status and history queries search an index, never scan a table", arguments: StatusQueries.all.map(\.name))
    func usesIndexes(name: String) throws {
        let fixture = try StoreFixture()
        try fixture.deploy("production", "v1")
        try fixture.sqlite("ANALYZE")
        let sql = try #require(StatusQueries.all.first { $0.name == name }?.sql)
        let plan = try fixture.sqlite("EXPLAIN QUERY PLAN " + sql)
        let scans = plan.split(separator: "\n").filter { line in
            (line.contains("SCAN deployment") || line.contains("SCAN promotion_request")) && !line.contains("USING")
        }
        #expect(scans.isEmpty, "\(name) scans a table:\n\(plan)")
        #expect(plan.contains("INDEX") || plan.contains("PRIMARY KEY"), "\(name) uses no index:\n\(plan)")
    }
}
