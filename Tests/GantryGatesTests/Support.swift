import Foundation
import Testing
@testable import GantryGates

/// Parses a fixed test instant; a typo in a test literal fails the test instead of crashing.
func instant(_ text: String) throws -> Date {
    try WindowFormat.parseISO8601(text)
}

func zone(_ identifier: String) throws -> TimeZone {
    try #require(TimeZone(identifier: identifier))
}

func time(_ text: String) -> LocalTime {
    let parts = text.split(separator: ":").compactMap { Int($0) }
    return LocalTime(hour: parts.first ?? 0, minute: parts.count > 1 ? parts[1] : 0)
}

func stamp(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0) -> LocalDateTime {
    LocalDateTime(year: y, month: mo, day: d, hour: h, minute: mi)
}

/// Formats an optional instant in a zone, so expectations read like the CLI output.
func iso(_ date: Date?, _ tz: TimeZone) -> String? {
    date.map { WindowFormat.iso8601($0, in: tz) }
}
