import Foundation
import GantryEngine
import GantryGates
import GantryStore

/// What `scheduler tick` and `scheduler run` print: one timestamped line per decision.
///
/// With `--json` each line is one JSON object (for `run`; `tick` prints one document instead).
/// A scheduled deployment shows its start and end; its host output only with `-v`.
struct SchedulerLog: Sendable {
    let global: GlobalOptions
    let printer: LivePrinter

    init(_ global: GlobalOptions) {
        self.global = global
        // A log, not a live board: the board's redraws would erase the scheduler's own lines.
        printer = LivePrinter(color: global.useColor, quiet: global.json, verbose: global.verbose, live: false)
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
    func delivery(_ attempt: DeliveryAttempt) { Self.delivery(attempt, global: global) }

    /// One notification attempt as the long-running verbs log it (`scheduler run`, `serve`).
    static func delivery(_ attempt: DeliveryAttempt, global: GlobalOptions) {
        if global.json {
            if let text = try? JSONOutput.encode(Documents.delivery(attempt)) { Terminal.out(text) }
            return
        }
        let text = stamp() + " notify: " + attempt.description
        Terminal.out(attempt.delivered ? text : Terminal.paint(text, .yellow, enabled: global.useColor))
    }

    /// Engine events of scheduled runs.
    var observer: EngineObserver { printer.serviceObserver(verbose: global.verbose) }

    private static func stamp() -> String {
        WindowFormat.iso8601(SystemClock().now(), in: .gmt)
    }
}

/// What the long-running verbs (`scheduler tick`, `scheduler run`, `serve`) set up: SIGTERM and
/// SIGINT trapped into one stop request, announced in their log, and an engine that honours it.
struct ServiceSession {
    let interruption: Interruption
    let engine: Engine

    /// - Parameters:
    ///   - name: the log's prefix (`scheduler`, `serve`).
    ///   - stopping: what the first signal's log line says happens next.
    ///   - line: writes one log line.
    init(_ global: GlobalOptions, name: String, stopping: String, trigger: DeploymentTrigger = .cli,
         observer: @escaping EngineObserver, line: @escaping @Sendable (String) -> Void) throws {
        let interruption = Interruption()
        let store = try CommandContext(global).openStore()
        SignalTrap.install(interruption) { signal in
            line("\(name): \(Interruption.name(of: signal)) received; \(stopping)")
        }
        self.interruption = interruption
        engine = Engine(store: store, trigger: trigger, observer: observer, interruption: interruption,
                        logger: OperatorLog.logger())
    }

    /// The signal that stopped the service, by name (`SIGTERM`), or "a stop request".
    var stoppedBy: String { Interruption.name(of: interruption.signal) }

    /// The exit status when a signal stopped the service while it aborted a deployment
    /// (143 for SIGTERM, 130 for SIGINT); nil otherwise.
    func abortStatus(abortedDeployment: Bool) -> ExitStatus? {
        guard abortedDeployment, let signal = interruption.signal, signal > 0 else { return nil }
        return ExitStatus(signal: signal)
    }
}
