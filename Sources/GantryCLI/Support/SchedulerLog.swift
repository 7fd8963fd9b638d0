import Foundation
import GantryEngine
import GantryGates

/// What `scheduler tick` and `scheduler run` print: one timestamped line per decision.
///
/// With `--json` each line is one JSON object (for `run`; `tick` prints one document instead).
/// A scheduled deployment shows its start and end; its host output only with `-v`.
struct SchedulerLog: Sendable {
    let global: GlobalOptions
    let printer: LivePrinter

    init(_ global: GlobalOptions) {
        self.global = global
        printer = LivePrinter(color: global.useColor, quiet: global.json, verbose: global.verbose)
    }

    /// A line about the scheduler itself (started, stopping, stopped).
    func line(_ text: String) {
        guard !global.json else { return }
        Terminal.out(Self.stamp() + " " + text)
    }

    /// A decision as one line (one JSON object with `--json`).
    func decision(_ decision: ScheduleDecision) {
        if global.json {
            if let text = try? JSONOutput.encode(decision) { Terminal.out(text) }
            return
        }
        let text = Self.stamp() + " " + decision.message
        switch decision.kind {
        case .succeeded: Terminal.out(Terminal.paint(text, .green, enabled: global.useColor))
        case .failed, .errored, .aborted, .invalid: Terminal.out(Terminal.paint(text, .red, enabled: global.useColor))
        case .blocked, .deferred, .missed: Terminal.out(Terminal.paint(text, .yellow, enabled: global.useColor))
        default: Terminal.out(text)
        }
    }

    /// Engine events of scheduled runs.
    var observer: EngineObserver {
        let printer = printer
        let verbose = global.verbose
        return { event in
            switch event {
            case .deploymentStarted, .deploymentFinished, .note:
                printer.handle(event)
            case .gates, .rollout:
                if verbose { printer.handle(event) }
            }
        }
    }

    private static func stamp() -> String {
        WindowFormat.iso8601(SystemClock().now(), in: .gmt)
    }
}
