import Foundation
import Testing
@testable import GantryGates

/// The next five fire times of 10,000 random expressions in four zones, timed.
///
/// Opt-in (`GANTRY_BENCH=1`, see scripts/bench-schedule): it prints a figure.
@Suite("Cron benchmark", .enabled(if: ProcessInfo.processInfo.environment["GANTRY_BENCH"] == "1"))
struct CronBenchmark {
    /// A small deterministic generator, so every run times the same expressions.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }

        mutating func field(_ low: Int, _ high: Int) -> String {
            switch next(6) {
            case 0, 1: return "*"
            case 2: return "\(low + next(high - low + 1))"
            case 3:
                let a = low + next(high - low)
                return "\(a)-\(a + 1 + next(high - a))"
            case 4: return "*/\(2 + next(max(1, (high - low) / 2)))"
            default:
                let a = low + next(high - low + 1), b = low + next(high - low + 1)
                return a == b ? "\(a)" : "\(min(a, b)),\(max(a, b))"
            }
        }

        mutating func expression() -> String {
            [field(0, 59), field(0, 23), field(1, 28), field(1, 12), field(0, 7)].joined(separator: " ")
        }
    }

    @Test("next 5 fire times of 10,000 random expressions take under a second in total")
    func tenThousandExpressions() throws {
        var generator = Generator(state: 13)
        let expressions = try (0..<10_000).map { _ in try CronExpression(generator.expression()) }
        let zones = try ["UTC", "Europe/London", "America/New_York", "Australia/Sydney"].map { try #require(TimeZone(identifier: $0)) }
        let start = try instant("2026-12-06T12:00:00Z")
        var total = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for (index, cron) in expressions.enumerated() {
                total += cron.fires(after: start, count: 5, in: zones[index % zones.count]).count
            }
        }
        print("bench-schedule: next 5 fire times of 10,000 random expressions: \(elapsed) (\(total) times)")
        #expect(total > 40_000)
        #expect(elapsed < .seconds(1))
    }
}
