import Foundation
import Testing
@testable import GantryGates

/// Checks the next-fire computation against cases computed independently by
/// scripts/gen-cron-cases.py: croniter (PyPI) for random expressions in UTC, and a brute-force
/// application of the DST rule for the DST weekends of London, New York and Sydney.
struct CronCasesTests {
    struct Fixture: Decodable {
        var cases: [Case]
    }

    struct Case: Decodable, CustomStringConvertible {
        var id: Int
        var kind: String
        var cron: String
        var timezone: String
        var after: String
        var times: [String]
        var shifts: [String?]
        var description: String { "#\(id) \(kind) '\(cron)' in \(timezone) after \(after)" }
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/cron-cases.json")
        guard let data = try? Data(contentsOf: url), let fixture = try? JSONDecoder().decode(Fixture.self, from: data) else {
            return []
        }
        return fixture.cases
    }()

    @Test func theFixtureHasBothKindsOfCase() {
        #expect(Self.cases.filter { $0.kind == "utc" }.count >= 500)
        #expect(Self.cases.filter { $0.kind == "dst" }.count >= 100)
        #expect(Self.cases.contains { $0.shifts.contains("skipped") } && Self.cases.contains { $0.shifts.contains("repeated") })
    }

    @Test(arguments: cases)
    func nextTimes(_ item: Case) throws {
        let cron = try CronExpression(item.cron)
        let zone = try #require(TimeZone(identifier: item.timezone))
        let fires = cron.fires(after: try instant(item.after), count: item.times.count, in: zone)
        #expect(fires.map { WindowFormat.iso8601($0.instant, in: zone) } == item.times, "\(item)")
        #expect(fires.map { $0.shift?.rawValue } == item.shifts, "\(item)")
    }
}
