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
        Logger(label: label) { _ in Handler(shown: shown) }
    }

    private static let shown = Shown()

    final class Shown: Sendable {
        private let lines = Mutex<Set<String>>([])

        /// True the first time `line` is offered.
        func first(_ line: String) -> Bool { lines.withLock { $0.insert(line).inserted } }
    }

    struct Handler: LogHandler {
        let shown: Shown
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .warning

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let line = "gantry: \(event.level >= .error ? "error" : "warning"): \(event.message)"
            if shown.first(line) { Terminal.error(line) }
        }
    }
}
