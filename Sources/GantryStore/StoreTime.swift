import Foundation

/// The one textual form of instants the store writes where the text itself matters.
///
/// The audit chain hashes its timestamps, so they must survive a round trip through SQLite
/// byte for byte: they are stored as this ISO-8601 text (UTC, milliseconds) rather than
/// through a floating-point date conversion.
enum StoreTime {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// `2026-11-24T10:00:00.000Z`.
    static func text(_ date: Date) -> String { style.format(date) }

    /// Parses ``text(_:)``'s output; `nil` for anything else.
    static func parse(_ text: String) -> Date? { try? style.parse(text) }

    /// A short form for messages, to the second.
    static func display(_ date: Date) -> String {
        Date.ISO8601FormatStyle(timeZone: .gmt).format(date)
    }
}
