import Foundation
import GantryEngine

/// What each host of a running deployment is doing: the live lines and the summary table.
struct LiveBoard {
    struct Host {
        var name: String
        /// The step now running, with its attempt ("migrate", "health (attempt 2/6)").
        var step: String?
        var since: Date?
        /// Waiting before the next attempt until then.
        var retryAt: Date?
        var passed = 0
        var skipped = 0
        var failure: StepOutcome?
        var first: Date?
        var last: Date?
    }

    /// Rows of the live block at most; the rest is one line of counts.
    static let maximumRows = 12

    private(set) var hosts: [Host] = []
    private var steps: [String] = []
    /// Lines of the block now on screen, to erase before writing above it.
    private var drawn = 0

    mutating func start(hosts names: [String], steps: [String]) {
        hosts = names.map { Host(name: $0) }
        self.steps = steps
        drawn = 0
    }

    mutating func reset() {
        hosts = []
        drawn = 0
    }

    mutating func started(host: String, step: String, attempt: Int, of total: Int) {
        update(host) { entry in
            entry.step = step + (total > 1 && attempt > 1 ? " (attempt \(attempt)/\(total))" : "")
            entry.since = Date()
            entry.retryAt = nil
            if entry.first == nil { entry.first = entry.since }
        }
    }

    mutating func waiting(host: String, until: Date) {
        update(host) { $0.retryAt = until }
    }

    mutating func finished(_ outcome: StepOutcome) {
        update(outcome.host) { entry in
            entry.step = nil
            entry.last = outcome.finishedAt > (entry.last ?? .distantPast) ? Date() : entry.last
            if entry.first == nil { entry.first = Date() }
            guard !outcome.rollback else { return }
            switch outcome.status {
            case .succeeded: entry.passed += 1
            case .skipped: entry.skipped += 1
            default: entry.failure = outcome
            }
        }
    }

    private mutating func update(_ name: String, _ change: (inout Host) -> Void) {
        guard let index = hosts.firstIndex(where: { $0.name == name }) else { return }
        change(&hosts[index])
    }

    // MARK: - The live block

    /// Moves the cursor up over the block and clears it.
    mutating func erase() -> String {
        defer { drawn = 0 }
        return String(repeating: "\u{1B}[1A\u{1B}[2K", count: drawn) + (drawn > 0 ? "\r" : "")
    }

    /// The block: one line per host that has started and not finished everything, newest state.
    mutating func draw(color: Bool, width: Int) -> String {
        guard !hosts.isEmpty else { return "" }
        let now = Date()
        let nameWidth = min(24, hosts.map(\.name.count).max() ?? 0)
        var lines: [String] = []
        var quiet = (waiting: 0, done: 0, failed: 0)
        for host in hosts {
            if host.failure != nil && host.step == nil {
                quiet.failed += 1
                continue
            }
            if host.step == nil && host.retryAt == nil {
                if host.passed + host.skipped == 0 { quiet.waiting += 1 } else { quiet.done += 1 }
                continue
            }
            guard lines.count < Self.maximumRows else { continue }
            let name = Terminal.paint(host.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0), .bold, enabled: color)
            let progress = Terminal.paint("[\(host.passed + host.skipped)/\(steps.count)]", .dim, enabled: color)
            let doing: String
            if let retryAt = host.retryAt {
                doing = "waiting \(Self.seconds(retryAt.timeIntervalSince(now))) before the next attempt"
            } else {
                doing = "▸ \(host.step ?? "") " + Terminal.paint(Self.seconds(now.timeIntervalSince(host.since ?? now)), .dim, enabled: color)
            }
            lines.append(Self.clip("\(name) \(progress) \(doing)", width: width, color: color))
        }
        let running = hosts.count - quiet.waiting - quiet.done - quiet.failed
        var counts: [String] = []
        if running > lines.count { counts.append("\(running - lines.count) more running") }
        if quiet.done > 0 { counts.append("\(quiet.done) done") }
        if quiet.waiting > 0 { counts.append("\(quiet.waiting) waiting") }
        if quiet.failed > 0 { counts.append(Terminal.paint("\(quiet.failed) failed", .red, enabled: color)) }
        if !counts.isEmpty { lines.append(Terminal.paint("  " + counts.joined(separator: " · "), .dim, enabled: color)) }
        drawn = lines.count
        return lines.map { $0 + "\n" }.joined()
    }

    // MARK: - The summary

    /// One row per host: how it ended, the steps that passed, the time, why it failed.
    func summary(color: Bool) -> [String] {
        guard hosts.count > 0, hosts.contains(where: { $0.first != nil }) else { return [] }
        let rows = hosts.map { host -> [String] in
            let state: String
            if host.failure != nil { state = host.failure?.status.rawValue ?? "failed" }
            else if host.first == nil { state = "untouched" }
            else { state = host.passed + host.skipped == steps.count ? "succeeded" : "stopped" }
            let time = host.first.map { Self.seconds((host.last ?? $0).timeIntervalSince($0)) } ?? "–"
            let why = host.failure.map { "\($0.recordedName): \($0.note ?? $0.status.rawValue)" } ?? ""
            return [host.name, state, "\(host.passed + host.skipped)/\(steps.count)", time, why]
        }
        let header = ["HOST", "STATE", "STEPS", "TIME", ""]
        let widths = (0..<4).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            (cells.prefix(4).enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                + [cells[4]]).joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return [Terminal.paint(line(header), .bold, enabled: color)] + rows.map { row in
            let text = line(row)
            switch row[1] {
            case "succeeded": return text
            case "untouched": return Terminal.paint(text, .dim, enabled: color)
            default: return Terminal.paint(text, .red, enabled: color)
            }
        }
    }

    static func seconds(_ interval: TimeInterval) -> String { String(format: "%.1fs", max(0, interval)) }

    /// Cuts a line to the terminal's width so a redraw never wraps (escape codes do not count).
    static func clip(_ text: String, width: Int, color: Bool) -> String {
        var visible = 0
        var result = ""
        var escaping = false
        for character in text {
            if character == "\u{1B}" { escaping = true }
            if escaping {
                result.append(character)
                if character == "m" { escaping = false }
                continue
            }
            if visible >= width - 1 { return result + (color ? "\u{1B}[0m" : "") }
            result.append(character)
            visible += 1
        }
        return result
    }
}
