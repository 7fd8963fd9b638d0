import Foundation
import GantryEngine
import GantryModel
import GantryStore

/// Prints engine events as they happen: host-prefixed output, step results, batches, gates.
///
/// With `--json` it stays quiet: the verb prints one document at the end instead.
struct LivePrinter: Sendable {
    let color: Bool
    let quiet: Bool
    let verbose: Bool

    func handle(_ event: EngineEvent) {
        guard !quiet else { return }
        switch event {
        case let .note(text):
            Terminal.out(paint("· ", .dim) + text)
        case let .gates(report):
            // Parity and the migration ledger are shown when they pass too: what a promotion will
            // apply, and what changed in the environment compared with, are worth seeing first.
            for result in report.results where verbose || result.state == .blocked || result.state == .overridden
                || (result.state == .passed && (result.gate == .parity || result.gate == .migrations)) {
                Terminal.out(GateText.line(result, color: color))
            }
        case let .deploymentStarted(deployment, hosts):
            Terminal.out(paint("deployment #\(deployment.id)", .bold) + ": \(deployment.kind.rawValue) "
                + "\(deployment.artifactTag) to \(deployment.environment) on \(hosts.count) host(s)")
        case let .rollout(rollout):
            handle(rollout)
        case let .deploymentFinished(deployment):
            // Why a deployment did not succeed is said once, on stderr, when the verb ends.
            let ok = deployment.status == .succeeded
            Terminal.out(paint(ok ? "✓" : "✗", ok ? .green : .red) + " deployment #\(deployment.id) \(deployment.status.rawValue)"
                + (ok ? deployment.message.map { ": \($0)" } ?? "" : ""))
        }
    }

    private func handle(_ event: RolloutEvent) {
        switch event {
        case let .preflight(results):
            let failed = results.filter { !$0.reachable }
            if verbose || !failed.isEmpty {
                Terminal.out(paint("pre-flight", .bold) + ": \(results.count - failed.count)/\(results.count) host(s) reached"
                    + (failed.isEmpty ? "" : "; not reached: " + failed.map(\.host).joined(separator: ", ")))
            }
        case let .batchStarted(index, total, hosts):
            if total > 1 { Terminal.out(paint("batch \(index)/\(total)", .bold) + ": " + hosts.joined(separator: ", ")) }
        case let .output(host, channel, line):
            let prefix = paint(host, .bold) + paint(" | ", .dim)
            Terminal.out(prefix + (channel == .stderr ? paint(line, .yellow) : line))
        case .stepStarted:
            break
        case let .attemptFinished(outcome, retryIn):
            if let retryIn {
                Terminal.out("\(paint(outcome.host, .bold)) \(paint("↻", .yellow)) \(outcome.step) attempt "
                    + "\(outcome.attempt + 1)/\(outcome.attempts) in \(DurationText.describe(retryIn)): \(outcome.note ?? outcome.status.rawValue)")
            }
        case let .stepFinished(outcome):
            let symbol: String
            switch outcome.status {
            case .succeeded: symbol = paint("✓", .green)
            case .skipped: symbol = paint("–", .dim)
            default: symbol = paint("✗", .red)
            }
            let seconds = outcome.finishedAt.timeIntervalSince(outcome.startedAt)
            let attempts = outcome.attempt > 1 ? ", attempt \(outcome.attempt)/\(outcome.attempts)" : ""
            Terminal.out("\(paint(outcome.host, .bold)) \(symbol) \(outcome.recordedName) "
                + paint(String(format: "(%.1fs%@)", seconds, attempts), .dim)
                + (outcome.note.map { ": \($0)" } ?? ""))
        case let .rollbackStarted(hosts):
            Terminal.out(paint("rolling back", .yellow) + " on " + hosts.joined(separator: ", "))
        }
    }

    private func paint(_ text: String, _ colour: Terminal.Color) -> String {
        Terminal.paint(text, colour, enabled: color)
    }
}

/// How a gate verdict reads on a terminal.
enum GateText {
    static func line(_ result: GateResult, color: Bool) -> String {
        let mark: String
        switch result.state {
        case .passed: mark = Terminal.paint("✓", .green, enabled: color)
        case .blocked: mark = Terminal.paint("✗", .red, enabled: color)
        case .overridden: mark = Terminal.paint("!", .yellow, enabled: color)
        case .notApplicable: mark = Terminal.paint("–", .dim, enabled: color)
        }
        return "\(mark) \(result.gate.rawValue): \(result.explanation)"
    }
}
