import Foundation

/// The last part of a step's output, bounded: what Gantry stores and reports.
///
/// A command may print without end (`yes`, a log tail); keeping all of it would grow Gantry's
/// memory and the store without limit. Only the newest ``limit`` bytes of whole lines are kept,
/// and the text starts with a line saying how much was dropped.
struct OutputTail: Sendable {
    /// Bytes kept per host and step attempt.
    static let defaultLimit = 256 * 1024

    let limit: Int
    private var lines: [String] = []
    private var first = 0
    private var kept = 0
    private(set) var dropped = 0

    init(limit: Int = OutputTail.defaultLimit) { self.limit = limit }

    mutating func append(_ line: String) {
        let size = line.utf8.count + 1
        lines.append(line)
        kept += size
        while kept > limit, first < lines.count - 1 {
            let gone = lines[first].utf8.count + 1
            kept -= gone
            dropped += gone
            first += 1
        }
        // Compact now and then so dropped lines do not pile up in memory.
        if first > 4096 && first * 2 > lines.count {
            lines.removeFirst(first)
            first = 0
        }
    }

    var isEmpty: Bool { first >= lines.count }

    /// The kept lines joined by newlines, after a note of what was dropped.
    var text: String {
        let body = lines[first...].joined(separator: "\n")
        guard dropped > 0 else { return body }
        return "[\(ByteCount.describe(dropped)) of earlier output dropped; the last \(ByteCount.describe(limit)) are kept]\n" + body
    }
}

/// Byte counts for people: `812 B`, `256 KiB`, `14.2 MiB`.
enum ByteCount {
    static func describe(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 {
            return bytes % 1024 == 0 ? "\(bytes / 1024) KiB" : String(format: "%.1f KiB", Double(bytes) / 1024)
        }
        return String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
