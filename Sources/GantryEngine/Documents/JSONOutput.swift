import Foundation
import GantryGates

/// One place that turns `Encodable` values into the stable JSON Gantry prints.
///
/// Keys are snake_case (`halt_on_failure`, `run_once`) like `opens_at`, and sorted so
/// output is byte-for-byte stable.
public enum JSONOutput {
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // Times in output are ISO-8601 with an offset (docs/json.md).
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(WindowFormat.iso8601(date, in: TimeZone(secondsFromGMT: 0) ?? .current))
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
