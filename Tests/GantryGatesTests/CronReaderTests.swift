import Foundation
import Testing
@testable import GantryGates

/// The byte reader that takes plain expressions and the full reader that takes everything agree.
@Suite struct CronReaderTests {
    /// Random expressions: mostly valid entries of each field (numbers, `*`, ranges, steps,
    /// names), and now and then one that is out of range or malformed.
    static func randomExpressions(count: Int) -> [String] {
        var generator = SystemRandomNumberGenerator()
        let bounds = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
        let broken = ["60", "", "-", "1-", "+5", "12345", "*-5", "1--2", "1-5/", "/5", "3/2", "*/0", "5-1", "a", "32"]
        func entry(_ field: Int) -> String {
            let (low, high) = bounds[field]
            let a = Int.random(in: low...high, using: &generator), b = Int.random(in: low...high, using: &generator)
            let step = Int.random(in: 1...20, using: &generator)
            switch Int.random(in: 0..<20, using: &generator) {
            case 0: return broken.randomElement(using: &generator)!
            case 1...3: return "*"
            case 4...5: return "*/\(step)"
            case 6...8: return "\(min(a, b))-\(max(a, b))"
            case 9...10: return "\(min(a, b))-\(max(a, b))/\(step)"
            case 11 where field == 3: return ["jan", "Feb", "DEC"].randomElement(using: &generator)!
            case 11 where field == 4: return ["mon", "Fri", "SUN"].randomElement(using: &generator)!
            case 12: return String(format: "%02d", a)
            default: return "\(a)"
            }
        }
        return (0..<count).map { _ in
            (0..<5).map { field in
                (0..<Int.random(in: 1...3, using: &generator)).map { _ in entry(field) }.joined(separator: ",")
            }.joined(separator: Bool.random(using: &generator) ? " " : " \t ")
        }
    }

    @Test func bothReadersGiveTheSameFieldsOrTheSameError() {
        var accepted = 0
        for text in Self.randomExpressions(count: 5000) + ["0 0 29 2 *", "0 0 30 2 *", "0 0 31 4,6 mon", "*/5 * * * 7"] {
            let quick = Result { () throws(CronExpression.ParseError) in try CronExpression(text) }
            let full = Result { () throws(CronExpression.ParseError) in try CronExpression(reading: text) }
            switch (quick, full) {
            case let (.success(a), .success(b)):
                accepted += 1
                #expect(a == b && a.dayOfMonthRestricted == b.dayOfMonthRestricted, "\(text)")
                #expect([a.minutes, a.hours, a.daysOfMonth, a.months, a.daysOfWeek]
                        == [b.minutes, b.hours, b.daysOfMonth, b.months, b.daysOfWeek], "\(text)")
            case let (.failure(a), .failure(b)):
                #expect(a == b, "\(text)")
            default:
                Issue.record("the readers disagree on '\(text)': \(quick) vs \(full)")
            }
        }
        #expect(accepted >= 500, "enough valid expressions to compare: \(accepted)")
    }
}
