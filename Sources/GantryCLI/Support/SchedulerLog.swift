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

    /// A notification sent (or not) by `scheduler run`.
    func delivery(_ attempt: DeliveryAttempt) {
        if global.json {
            if let text = try? JSONOutput.encode(Documents.delivery(attempt)) { Terminal.out(text) }
            return
        }
        let text = Self.stamp() + " notify: " + attempt.description
        Terminal.out(attempt.delivered ? text : Terminal.paint(text, .yellow, enabled: global.useColor))
    }

    /// Engine events of scheduled runs.
    var observer: EngineObserver { printer.serviceObserver(verbose: global.verbose) }

    private static func stamp() -> String {
        WindowFormat.iso8601(SystemClock().now(), in: .gmt)
    }
}

/// What both scheduler verbs set up: the log, SIGTERM/SIGINT trapped into one stop request, and
/// an engine that honours it.
struct SchedulerSession {
    let log: SchedulerLog
    let interruption: Interruption
    let engine: Engine

    /// - Parameter stopping: what the first signal's log line says happens next.
    init(_ global: GlobalOptions, stopping: String) throws {
        let log = SchedulerLog(global)
        let interruption = Interruption()
        let store = try CommandContext(global).openStore()
        SignalTrap.install(interruption) { signal in
            log.line("scheduler: \(SignalTrap.name(of: signal)) received; \(stopping)")
        }
        self.log = log
        self.interruption = interruption
        engine = Engine(store: store, observer: log.observer, interruption: interruption, logger: OperatorLog.logger())
    }

    /// The signal that stopped the scheduler, by name (`SIGTERM`), if one did.
    var signalName: String? { interruption.signal.flatMap { $0 > 0 ? SignalTrap.name(of: $0) : nil } }

    /// 128 + the signal that stopped it (143 for SIGTERM, 130 for SIGINT), if one did.
    var signalExitCode: Int32? { interruption.signal.flatMap { $0 > 0 ? 128 + $0 : nil } }
}
