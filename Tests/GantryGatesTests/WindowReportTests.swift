import Foundation
import Testing
@testable import GantryGates

/// The `gantry windows --json` document.
struct WindowReportTests {
    @Test func jsonKeepsNullTimesAndContractFieldNames() throws {
        let policy = try WindowEvaluateTests.webshop()
        let report = WindowReport(policy.evaluate(at: try instant("2026-11-27T10:00:00Z")), in: policy.timeZone)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(json == #"{"closes_at":null,"open":false,"opens_at":"2026-11-30T09:00:00+00:00","reason":"outside Mon–Thu 09:00–17:00 (Europe/London)"}"#)
        #expect(try JSONDecoder().decode(WindowReport.self, from: Data(json.utf8)) == report)
    }
}
