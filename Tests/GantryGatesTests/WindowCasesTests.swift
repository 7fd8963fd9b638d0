import Foundation
import Testing
@testable import GantryGates

/// Checks the Swift window rules against 1,000 cases computed independently by
/// scripts/gen-window-cases.py (a Python implementation over zoneinfo).
struct WindowCasesTests {
    struct Fixture: Decodable {
        var cases: [Case]
    }

    struct Case: Decodable {
        struct Entry: Decodable { var days: [String]; var from: String; var to: String }
        struct FreezeEntry: Decodable { var from: String; var to: String; var reason: String? }
        var id: Int
        var timezone: String
        var allow: [Entry]
        var freeze: [FreezeEntry]
        var at: String
        var open: Bool
        var opens_at: String?
        var closes_at: String?
    }

    static func loadCases() throws -> [Case] {
        // Read beside this file rather than as a bundle resource: the package declares none.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/window-cases.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
    }

    static func localDateTime(_ text: String) throws -> LocalDateTime {
        let numbers = text.split(whereSeparator: { "-T:".contains($0) }).compactMap { Int($0) }
        try #require(numbers.count == 5, "bad local date-time \(text)")
        return LocalDateTime(year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4])
    }

    static func policy(_ item: Case) throws -> WindowPolicy {
        let allow = try item.allow.map { entry in
            AllowWindow(days: try entry.days.map { try #require(Weekday(name: $0)) }, from: time(entry.from), to: time(entry.to))
        }
        let freezes = try item.freeze.map {
            Freeze(from: try localDateTime($0.from), to: try localDateTime($0.to), reason: $0.reason)
        }
        return WindowPolicy(timeZone: try zone(item.timezone), allow: allow, freezes: freezes)
    }

    @Test func fixtureHasAThousandCases() throws {
        let cases = try Self.loadCases()
        #expect(cases.count == 1000)
        #expect(cases.contains { $0.open } && cases.contains { !$0.open })
        let zones = Set(cases.map(\.timezone))
        #expect(zones == ["Europe/London", "America/New_York", "Australia/Sydney", "Pacific/Auckland", "UTC"])
        #expect(cases.contains { !$0.open && $0.opens_at == nil }, "some case must stay closed beyond a year")
        #expect(cases.contains { $0.allow.contains { $0.to < $0.from } }, "some case must run past midnight")
    }

    @Test func swiftAgreesWithTheIndependentImplementation() throws {
        var failures: [String] = []
        for item in try Self.loadCases() {
            let policy = try Self.policy(item)
            let status = policy.evaluate(at: try instant(item.at))
            let got = (status.isOpen, iso(status.opensAt, policy.timeZone), iso(status.closesAt, policy.timeZone))
            if got != (item.open, item.opens_at, item.closes_at) {
                failures.append("case \(item.id) at \(item.at): expected open=\(item.open) opens=\(item.opens_at ?? "null") "
                    + "closes=\(item.closes_at ?? "null"), got open=\(got.0) opens=\(got.1 ?? "null") closes=\(got.2 ?? "null")")
            }
        }
        let summary = "\(failures.count) disagreements:\n" + failures.prefix(20).joined(separator: "\n")
        #expect(failures.isEmpty, Comment(rawValue: summary))
    }
}
