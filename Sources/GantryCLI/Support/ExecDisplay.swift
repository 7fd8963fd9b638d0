import Foundation
import GantryEngine

/// Live output of `gantry exec`: host-prefixed lines, a line per finished host, then a summary.
struct ExecDisplay: Sendable {
    let colors: [String: Terminal.Color]
    let width: Int
    let color: Bool
    let quiet: Bool

    init(hosts: [String], color: Bool, quiet: Bool) {
        let palette: [Terminal.Color] = [.cyan, .magenta, .blue, .green, .yellow]
        colors = Dictionary(hosts.enumerated().map { ($1, palette[$0 % palette.count]) }, uniquingKeysWith: { first, _ in first })
        width = hosts.map(\.count).max() ?? 0
        self.color = color
        self.quiet = quiet
    }

    func handle(_ event: ExecEvent) {
        guard !quiet else { return }
        switch event {
        case let .output(host, channel, line):
            let padded = host.padding(toLength: max(width, host.count), withPad: " ", startingAt: 0)
            let prefix = paint(padded, colors[host] ?? .bold) + paint(" | ", .dim)
            Terminal.out(prefix + (channel == .stderr ? paint(line, .yellow) : line))
        case let .hostFinished(host):
            Terminal.out(Self.finishedLine(host, color: color))
        }
    }

    /// The summary after every host finished; what failed also goes to stderr.
    func finish(_ result: ExecResult) {
        Terminal.out(paint("exec", .bold) + " on \(result.environment): \(result.summary)")
        let failed = result.hosts.filter { $0.state == .failed }.map(\.host)
        let unreachable = result.hosts.filter { $0.state == .unreachable }.map(\.host)
        if !failed.isEmpty { Terminal.error("gantry: the command failed on " + failed.joined(separator: ", ")) }
        if !unreachable.isEmpty { Terminal.error("gantry: unreachable: " + unreachable.joined(separator: ", ")) }
    }

    /// `✓ web-1 exit 0 (0.2s)`, `✗ web-2 exit 3 (0.1s)`, `✗ web-3 unreachable: … (0.0s)`.
    static func finishedLine(_ host: ExecResult.Host, color: Bool) -> String {
        let mark = host.state == .succeeded
            ? Terminal.paint("✓", .green, enabled: color) : Terminal.paint("✗", .red, enabled: color)
        return "\(mark) \(Terminal.paint(host.host, .bold, enabled: color)) \(host.summary) "
            + Terminal.paint(String(format: "(%.1fs)", host.duration), .dim, enabled: color)
    }

    private func paint(_ text: String, _ colour: Terminal.Color) -> String {
        Terminal.paint(text, colour, enabled: color)
    }
}
