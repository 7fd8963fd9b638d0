import Foundation

/// One place that turns `Encodable` values into the stable JSON Gantry prints.
///
/// Keys are snake_case (`halt_on_failure`, `run_once`) like SPEC's `opens_at`, and sorted so
/// output is byte-for-byte stable.
enum JSONOutput {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
