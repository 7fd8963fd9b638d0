import Logging

/// A swift-log handler that hands each message, with its level, to `write`: how the command line
/// turns what libraries log into its own lines.
struct LineLogHandler: LogHandler {
    let write: @Sendable (Logger.Level, String) -> Void
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level

    init(level: Logger.Level, write: @escaping @Sendable (Logger.Level, String) -> Void) {
        logLevel = level
        self.write = write
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        write(event.level, "\(event.message)")
    }
}
