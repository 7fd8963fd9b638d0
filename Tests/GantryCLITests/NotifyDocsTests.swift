import Foundation
import Testing

/// docs/json.md shows the notification document under `<!-- notification example: EVENT -->`
/// (kept apart from the `--json` examples, which come from one scenario of commands); the
/// notification tests compare what a receiver really got with them.
enum NotifyDocsTests {
    /// The ```json block after `<!-- notification example: NAME -->`.
    static func example(_ name: String) throws -> String? {
        let text = try String(contentsOfFile: JSONDocsTests.docsPath, encoding: .utf8)
        guard let marker = text.range(of: "<!-- notification example: \(name) -->"),
              let start = text.range(of: "```json\n", range: marker.upperBound..<text.endIndex),
              let end = text.range(of: "\n```", range: start.upperBound..<text.endIndex) else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// Records an issue for every field where `real` and the documented example differ.
    static func compare(_ real: [String: Any], with name: String) throws {
        if let folder = ProcessInfo.processInfo.environment["GANTRY_JSON_DUMP"] {
            let data = try JSONSerialization.data(withJSONObject: real, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: "\(folder)/notification \(name).json"))
        }
        guard let example = try example(name) else {
            Issue.record("docs/json.md has no notification example named \(name)")
            return
        }
        let documented = try JSONSerialization.jsonObject(with: Data(example.utf8))
        for difference in JSONDocsTests.differences(documented, real, path: "notification \(name)") {
            Issue.record("\(difference)")
        }
    }
}
