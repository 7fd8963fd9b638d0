import Foundation
import GantryEngine
import GantryGates

/// The human form of `gantry parity`: one table per pair of environments.
enum ParityText {
    static func render(_ report: ParityReport, color: Bool) -> String {
        var lines: [String] = []
        for (index, comparison) in report.comparisons.enumerated() {
            if index > 0 { lines.append("") }
            lines += table(comparison, color: color)
        }
        if !report.unreachable.isEmpty {
            lines.append("")
            lines.append(Terminal.paint("unreachable", .red, enabled: color) + ": " + report.unreachable.joined(separator: "; "))
        }
        if let changes = report.changes {
            lines.append("")
            let utc = TimeZone(identifier: "UTC")!
            lines.append(Terminal.paint("Fact changes", .bold, enabled: color)
                + (report.since.map { " since \(WindowFormat.iso8601($0, in: utc))" } ?? "") + ":")
            if changes.isEmpty { lines.append("  none recorded") }
            for change in changes {
                lines.append("  \(WindowFormat.iso8601(change.at, in: utc))  \(change.environment)  \(change.host)  "
                    + "\(change.fact): \(change.from ?? "(first read)") → \(change.to)")
            }
        }
        lines.append("")
        let drift = report.driftCount
        lines.append(drift == 0 ? Terminal.paint("no drift", .green, enabled: color)
            : Terminal.paint("\(drift) drift", .red, enabled: color) + " (undocumented differences)")
        return lines.joined(separator: "\n")
    }

    private static func table(_ c: ParityComparison, color: Bool) -> [String] {
        var lines = [Terminal.paint("\(c.a) ↔ \(c.b)", .bold, enabled: color)
            + "  (\(c.a) runs \(c.artifactA ?? "nothing"), \(c.b) runs \(c.artifactB ?? "nothing")"
            + (c.basis == "now" ? ")" : "; \(c.a) \(c.basis))")]
        if c.differences.isEmpty {
            lines.append("  no differences")
        } else {
            let header = ["status", "what", c.a, c.b]
            let rows: [[String]] = c.differences.map { [$0.status.rawValue, $0.label, cut($0.a), cut($0.b)] }
            let widths: [Int] = (0..<4).map { column in rows.map { $0[column].count }.reduce(header[column].count, max) }
            lines.append("  " + pad(header[0], max(widths[0], 10)) + "  " + (1..<3).map { pad(header[$0], widths[$0]) }.joined(separator: "  ") + "  " + c.b)
            for (row, difference) in zip(rows, c.differences) {
                let status = Terminal.paint(pad(row[0], max(widths[0], 10)), paint(difference.status), enabled: color)
                lines.append("  " + [status, pad(row[1], widths[1]), pad(row[2], widths[2]), row[3]].joined(separator: "  "))
                let detail = difference.note + (difference.unblock.map { " — \($0)" } ?? "")
                lines.append("  " + String(repeating: " ", count: max(widths[0], 10) + 2) + Terminal.paint(detail, .dim, enabled: color))
            }
        }
        if !c.equal.isEmpty { lines.append("  equal: " + c.equal.joined(separator: ", ")) }
        for note in c.notCompared { lines.append("  not compared: " + note) }
        let counts = [ParityDifference.Status.drift, .pending, .documented, .inProgress, .unreachable]
            .map { (c.count($0), $0.rawValue) }.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        if !counts.isEmpty { lines.append("  " + counts.joined(separator: ", ")) }
        return lines
    }

    private static func paint(_ status: ParityDifference.Status) -> Terminal.Color {
        switch status {
        case .drift, .unreachable: .red
        case .pending: .yellow
        case .documented: .green
        case .inProgress: .cyan
        }
    }

    private static func cut(_ text: String) -> String { text.count > 40 ? String(text.prefix(39)) + "…" : text }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
