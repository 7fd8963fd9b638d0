import Foundation
import GantryEngine
import GantryModel
import GantryShell
import GantryStore
import Synchronization

/// Prints engine events as they happen, for people.
///
/// Without a terminal (or with `NO_COLOR`/`--no-color`) every event is a plain line, host first:
/// `web-1 | migrate started`, `web-1 | <output>`, `web-1 ✓ migrate (1.2s)`. On a terminal the
/// hosts of a running deployment each keep one live line at the bottom of the screen (the step
/// now running, its attempt, the time it has run) that is redrawn in place while output scrolls
/// above it. Either way a deployment ends with a per-host summary table. With `--json` it stays
/// quiet: the verb prints one document at the end instead.
final class LivePrinter: Sendable {
    let color: Bool
    let quiet: Bool
    let verbose: Bool
    /// Live lines redrawn in place (a terminal that takes colour).
    let live: Bool
    private let state = Mutex(LiveBoard())
    /// Redraws the live lines twice a second so their times move.
    private let ticker: Locked<Task<Void, Never>?> = Locked(nil)

    init(color: Bool, quiet: Bool, verbose: Bool, live: Bool? = nil) {
        self.color = color
        self.quiet = quiet
        self.verbose = verbose
        self.live = live ?? color
    }

    func handle(_ event: EngineEvent) {
        guard !quiet else { return }
        switch event {
        case let .note(text):
            emit([paint("· ", .dim) + text])
        case let .gates(report):
            // Parity and the migration ledger are shown when they pass too: what a promotion will
            // apply, and what changed in the environment compared with, are worth seeing first.
            emit(report.results.filter { result in
                verbose || result.state == .blocked || result.state == .overridden
                    || (result.state == .passed && (result.gate == .parity || result.gate == .migrations))
            }.map { GateText.line($0, color: color) })
        case let .deploymentStarted(deployment, hosts, steps):
            state.withLock { $0.start(hosts: hosts, steps: steps) }
            emit([paint("deployment #\(deployment.id)", .bold) + ": \(deployment.kind.rawValue) "
                + "\(deployment.artifactTag) to \(deployment.environment) on \(hosts.count) host(s)"])
            if live { startTicker() }
        case let .rollout(rollout):
            handle(rollout)
        case let .deploymentFinished(deployment):
            stopTicker()
            let table = state.withLock { $0.summary(color: color) }
            // Why a deployment did not succeed is said once, on stderr, when the verb ends.
            let ok = deployment.status == .succeeded
            emit(table + [paint(ok ? "✓" : "✗", ok ? .green : .red) + " deployment #\(deployment.id) \(deployment.status.rawValue)"
                + (ok ? deployment.message.map { ": \($0)" } ?? "" : "")], finished: true)
        }
    }

    private func handle(_ event: RolloutEvent) {
        switch event {
        case let .preflight(results):
            let failed = results.filter { !$0.reachable }
            if verbose || !failed.isEmpty {
                emit([paint("pre-flight", .bold) + ": \(results.count - failed.count)/\(results.count) host(s) reached"
                    + (failed.isEmpty ? "" : "; not reached: " + failed.map(\.host).joined(separator: ", "))])
            }
        case let .batchStarted(index, total, hosts):
            if total > 1 { emit([paint("batch \(index)/\(total)", .bold) + ": " + hosts.joined(separator: ", ")]) }
        case let .output(host, channel, line):
            emit([paint(host, .bold) + paint(" | ", .dim) + (channel == .stderr ? paint(line, .yellow) : line)])
        case let .stepStarted(host, step, rollback, attempt, total):
            state.withLock { $0.started(host: host, step: rollback ? "rollback: \(step)" : step, attempt: attempt, of: total) }
            if live { redraw() } else {
                emit([paint(host, .bold) + paint(" | ", .dim) + (rollback ? "rollback: " : "") + step + " started"
                    + (attempt > 1 ? " (attempt \(attempt)/\(total))" : "")])
            }
        case let .attemptFinished(outcome, retryIn):
            if let retryIn {
                state.withLock { $0.waiting(host: outcome.host, until: Date().addingTimeInterval(retryIn)) }
                emit(["\(paint(outcome.host, .bold)) \(paint("↻", .yellow)) \(outcome.step) attempt "
                    + "\(outcome.attempt + 1)/\(outcome.attempts) in \(DurationText.describe(retryIn)): "
                    + (outcome.note ?? outcome.status.rawValue)])
            }
        case let .stepFinished(outcome):
            state.withLock { $0.finished(outcome) }
            // On a terminal the live line shows steps that pass; what did not pass stays on screen.
            if live && outcome.status == .succeeded { redraw() } else { emit([Self.finishedLine(outcome, color: color)]) }
        case let .rollbackStarted(hosts):
            emit([paint("rolling back", .yellow) + " on " + hosts.joined(separator: ", ")])
        }
    }

    /// `web-1 ✓ migrate (1.2s)`, `web-1 ✗ switch (0.3s, attempt 3/3): exit 1`,
    /// `web-2 – migrate skipped (run_once: ran on web-1)`.
    static func finishedLine(_ outcome: StepOutcome, color: Bool) -> String {
        let host = Terminal.paint(outcome.host, .bold, enabled: color)
        if outcome.status == .skipped {
            return "\(host) \(Terminal.paint("–", .dim, enabled: color)) \(outcome.recordedName) skipped"
                + (outcome.note.map { " (\($0))" } ?? "")
        }
        let mark = outcome.status == .succeeded ? Terminal.paint("✓", .green, enabled: color) : Terminal.paint("✗", .red, enabled: color)
        let seconds = outcome.finishedAt.timeIntervalSince(outcome.startedAt)
        let attempts = outcome.attempt > 1 ? ", attempt \(outcome.attempt)/\(outcome.attempts)" : ""
        return "\(host) \(mark) \(outcome.recordedName) "
            + Terminal.paint(String(format: "(%.1fs%@)", seconds, attempts), .dim, enabled: color)
            + (outcome.note.map { ": \($0)" } ?? "")
    }

    // MARK: - Writing

    /// Prints lines above the live block (or plainly), then redraws the block.
    private func emit(_ lines: [String], finished: Bool = false) {
        guard !lines.isEmpty else { return }
        state.withLock { board in
            var text = live ? board.erase() : ""
            text += lines.map { $0 + "\n" }.joined()
            if live && !finished { text += board.draw(color: color, width: Self.width()) }
            if finished { board.reset() }
            Self.write(text)
        }
    }

    private func redraw() {
        state.withLock { board in
            Self.write(board.erase() + board.draw(color: color, width: Self.width()))
        }
    }

    private func startTicker() {
        let task = Task.detached { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                if Task.isCancelled { return }
                self?.redraw()
            }
        }
        ticker.withLock { $0?.cancel(); $0 = task }
    }

    private func stopTicker() { ticker.withLock { $0?.cancel(); $0 = nil } }

    private static func write(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// The terminal's width, 100 when unknown.
    private static func width() -> Int {
        var size = winsize()
        return ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 100
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
