import Foundation
import GantryEngine
import GantryGates
import Logging

/// What `gantry serve` prints: one timestamped line per decision on stdout (a JSON object per
/// line with `--json`), and the deployments it runs as the scheduler's log shows them (start and
/// end; host output with `-v`).
///
/// The server masks secret values before it logs; deployments mask their own output.
struct ServeLog: Sendable {
    let global: GlobalOptions
    let printer: LivePrinter

    init(_ global: GlobalOptions) {
        self.global = global
        printer = LivePrinter(color: global.useColor, quiet: global.json, verbose: global.verbose, live: false)
    }

    func line(_ text: String) {
        let now = WindowFormat.iso8601(SystemClock().now(), in: .gmt)
        if global.json {
            let document = JSONValue.object(["time": .string(now), "message": .string(text)])
            if let encoded = try? JSONOutput.encode(document) { Terminal.out(encoded) }
        } else {
            Terminal.out(now + " " + text)
        }
    }

    /// A notification sent (or not) by the server, as `scheduler run` logs it.
    func delivery(_ attempt: DeliveryAttempt) { SchedulerLog.delivery(attempt, global: global) }

    /// The logger the server writes its decisions to.
    var logger: Logger {
        let log = self
        return Logger(label: "gantry.serve") { _ in LineLogHandler(level: .info) { _, message in log.line(message) } }
    }

    /// Engine events of the deployments the server runs.
    var observer: EngineObserver { printer.serviceObserver(verbose: global.verbose) }
}
