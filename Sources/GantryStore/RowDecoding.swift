import Foundation
internal import GRDB

extension Row {
    /// Decodes a text column into one of our string-backed enums, naming the column on failure.
    func decode<E: RawRepresentable>(_ column: String, as type: E.Type = E.self) throws -> E where E.RawValue == String {
        let raw: String = self[column] ?? ""
        guard let value = E(rawValue: raw) else {
            throw StoreError.database(context: "reading column \(column)", message: "unknown value '\(raw)'")
        }
        return value
    }
}
