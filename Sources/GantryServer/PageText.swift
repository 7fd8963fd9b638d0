import Foundation

/// Times on the pages: ISO-8601 in UTC with how long ago (or until) for people.
enum PageText {
    static func time(_ date: Date?, now: Date) -> String {
        guard let date else { return "–" }
        let stamp = iso(date)
        return "<time datetime=\"\(stamp)\" title=\"\(stamp)\">\(HTML.escape(relative(date, now: now)))</time>"
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    /// `3 min ago`, `in 2 h`, `just now`, or the date for anything older than a week.
    static func relative(_ date: Date, now: Date) -> String {
        let seconds = now.timeIntervalSince(date)
        let size = abs(seconds)
        let amount: String
        switch size {
        case ..<45: return "just now"
        case ..<3600: amount = "\(Int((size / 60).rounded())) min"
        case ..<86_400: amount = "\(Int((size / 3600).rounded())) h"
        case ..<(7 * 86_400): amount = "\(Int((size / 86_400).rounded())) d"
        default: return String(iso(date).prefix(10))
        }
        return seconds >= 0 ? "\(amount) ago" : "in \(amount)"
    }

    static func duration(_ start: Date, _ end: Date?) -> String {
        guard let end else { return "–" }
        let seconds = Int(max(end.timeIntervalSince(start), 0).rounded())
        return seconds < 60 ? "\(seconds) s" : "\(seconds / 60) min \(seconds % 60) s"
    }
}
