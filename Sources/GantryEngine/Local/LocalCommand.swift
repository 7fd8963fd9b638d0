import Foundation

/// Which stream a line of output came from.
public enum OutputChannel: String, Sendable, Codable {
    case stdout, stderr
}

/// The outcome of a command run on the Gantry machine.
public struct LocalCommandResult: Sendable {
    public var exitStatus: Int32
    /// Set when the command was killed by a signal (then it did not succeed, whatever the status).
    public var signal: Int32?
    public var stdout: String
    public var stderr: String
    public var succeeded: Bool { exitStatus == 0 && signal == nil }
}

/// Runs a shell command on the Gantry machine (builds, digest commands), streaming its output.
///
/// The command runs as `/bin/sh -c COMMAND` in `directory`, with stdin closed. Each complete line
/// of stdout and stderr is handed to `onLine` as it arrives, so a pusher sees build output live.
public enum LocalCommand {
    public static func run(
        _ command: String,
        in directory: URL,
        environment: [String: String]? = nil,
        onLine: @escaping @Sendable (OutputChannel, String) -> Void = { _, _ in }
    ) throws -> LocalCommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err

        let collector = LineCollector(onLine: onLine)
        let group = DispatchGroup()
        for (pipe, stream) in [(out, OutputChannel.stdout), (err, OutputChannel.stderr)] {
            group.enter()
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread {
                // Blocking reads on a dedicated thread: the cooperative pool stays free.
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    collector.append(Array(data), from: stream)
                }
                collector.finish(stream)
                group.leave()
            }
        }
        try process.run()
        process.waitUntilExit()
        group.wait()
        let killed = process.terminationReason == .uncaughtSignal
        return LocalCommandResult(
            exitStatus: killed ? 128 + process.terminationStatus : process.terminationStatus,
            signal: killed ? process.terminationStatus : nil,
            stdout: collector.text(of: .stdout),
            stderr: collector.text(of: .stderr))
    }
}

/// Splits two byte streams into lines, decoding each only when the whole line has arrived.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var partial: [OutputChannel: [UInt8]] = [:]
    private var all: [OutputChannel: [UInt8]] = [:]
    private let onLine: @Sendable (OutputChannel, String) -> Void

    init(onLine: @escaping @Sendable (OutputChannel, String) -> Void) { self.onLine = onLine }

    func append(_ bytes: [UInt8], from stream: OutputChannel) {
        var lines: [String] = []
        lock.withLock {
            all[stream, default: []] += bytes
            var buffer = partial[stream, default: []] + bytes
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: buffer[..<newline], as: UTF8.self))
                buffer.removeSubrange(...newline)
            }
            partial[stream] = buffer
        }
        for line in lines { onLine(stream, line) }
    }

    func finish(_ stream: OutputChannel) {
        let rest: [UInt8] = lock.withLock {
            defer { partial[stream] = [] }
            return partial[stream, default: []]
        }
        if !rest.isEmpty { onLine(stream, String(decoding: rest, as: UTF8.self)) }
    }

    func text(of stream: OutputChannel) -> String {
        lock.withLock { String(decoding: all[stream, default: []], as: UTF8.self) }
    }
}
