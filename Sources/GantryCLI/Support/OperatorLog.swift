import Foundation
import Logging
import Synchronization

/// What the libraries log, as the operator sees it: warnings and errors on stderr, each once.
///
/// Libraries take a `Logger` from their caller; this is the one the command line hands them.
/// A warning about a file line (a skipped known_hosts line) arrives once per host connected;
/// the operator reads it once per process.
enum OperatorLog {
    /// A logger whose warnings and errors go to stderr as `gantry: warning: …`, without repeats.
    static func logger(label: String = "gantry") -> Logger {
        let shown = self.shown
        return Logger(label: label) { _ in
            LineLogHandler(level: .warning) { level, message in
                let line = "gantry: \(level >= .error ? "error" : "warning"): \(message)"
                if shown.first(line) { Terminal.error(line) }
            }
        }
    }

    private static let shown = Shown()

    final class Shown: Sendable {
        private let lines = Mutex<Set<String>>([])

        /// True the first time `line` is offered.
        func first(_ line: String) -> Bool { lines.withLock { $0.insert(line).inserted } }
    }
}
