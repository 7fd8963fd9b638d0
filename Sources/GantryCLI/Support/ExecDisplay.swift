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

/// The `--json` document of `gantry exec`: one entry per host with its whole output.
struct ExecOutputDocument: Encodable {
    struct Host: Encodable {
        var host: String
        var state: String
        var exit_status: Int32?
        var signal: String?
        var timed_out: Bool
        var stdout: String
        var stderr: String
        var duration: Double
        var error: String?

        enum CodingKeys: String, CodingKey {
            case host, state, exit_status, signal, timed_out, stdout, stderr, duration, error
        }

        // Explicit so that absent values print as null: the field names stay stable.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(host, forKey: .host)
            try container.encode(state, forKey: .state)
            try container.encode(exit_status, forKey: .exit_status)
            try container.encode(signal, forKey: .signal)
            try container.encode(timed_out, forKey: .timed_out)
            try container.encode(stdout, forKey: .stdout)
            try container.encode(stderr, forKey: .stderr)
            try container.encode((duration * 1000).rounded() / 1000, forKey: .duration)
            try container.encode(error, forKey: .error)
        }
    }

    var pipeline: String
    var environment: String
    var command: String
    var outcome: String
    var succeeded: Int
    var failed: Int
    var unreachable: Int
    var hosts: [Host]

    init(_ result: ExecResult) {
        pipeline = result.pipeline
        environment = result.environment
        command = result.command
        outcome = result.outcome.rawValue
        succeeded = result.count(.succeeded)
        failed = result.count(.failed)
        unreachable = result.count(.unreachable)
        hosts = result.hosts.map {
            Host(host: $0.host, state: $0.state.rawValue, exit_status: $0.exitStatus, signal: $0.signal, timed_out: $0.timedOut,
                 stdout: $0.stdout, stderr: $0.stderr, duration: $0.duration, error: $0.error)
        }
    }
}
