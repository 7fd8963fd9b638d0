import Foundation

/// A list of names kept in one column as a JSON array (`["prod-1","prod-2"]`).
enum StoredList {
    static func encode(_ names: [String]) -> String {
        (try? JSONEncoder().encode(names)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// The names; a value that is not a JSON array of strings reads as no names (never as "no
    /// list at all", so a partial deployment stays partial).
    static func decode(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
