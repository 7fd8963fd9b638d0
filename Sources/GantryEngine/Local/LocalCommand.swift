import Foundation
import GantryShell
import Synchronization

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
    /// Set when a process the command started in the background still held its output after the
    /// command ended; Gantry stopped reading then instead of waiting for that process.
    public var outputLeftOpen = false
    public var succeeded: Bool { exitStatus == 0 && signal == nil }
}

/// Runs a shell command on the Gantry machine (builds, digest commands), streaming its output.
///
/// The command runs as `/bin/sh -c COMMAND` in `directory`, with stdin closed. Each complete line
/// of stdout and stderr is handed to `onLine` as it arrives, so a pusher sees build output live.
///
/// The command is over when its shell exits. A process it left running in the background (a
/// daemon, `sleep 600 &`) keeps the output pipes open; Gantry reads what is already there until
/// the pipes have been quiet for `quietAfterExit`, then stops reading and says so in the result,
/// instead of waiting for that process to end.
public enum LocalCommand {
    /// Runs the command on a thread of its own and suspends until it is over: waiting for a
    /// build must not block one of the cooperative pool's threads (two on a small machine).
    public static func run(
        _ command: String,
        in directory: URL,
        environment: [String: String]? = nil,
        quietAfterExit: TimeInterval = 1,
        onLine: @escaping @Sendable (OutputChannel, String) -> Void = { _, _ in }
    ) async throws -> LocalCommandResult {
        try await offPool {
            try runBlocking(command, in: directory, environment: environment, quietAfterExit: quietAfterExit, onLine: onLine)
        }
    }

    /// Runs a blocking call (a child process, libgit2) on a thread of its own, off the cooperative pool.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The blocking form of ``run(_:in:environment:quietAfterExit:onLine:)``, for callers on a thread of their own.
    public static func runBlocking(
        _ command: String,
        in directory: URL,
        environment: [String: String]? = nil,
        quietAfterExit: TimeInterval = 1,
        onLine: @escaping @Sendable (OutputChannel, String) -> Void = { _, _ in }
    ) throws -> LocalCommandResult {
        // `cd` inside the shell: posix_spawn has no portable working-directory action.
        let child = try ProcessSpawner.spawn(["/bin/sh", "-c", "cd -- \"$1\" || exit 127; exec /bin/sh -c \"$2\"",
                                              "sh", directory.path, command], environment: environment)
        let collector = LineCollector(onLine: onLine)
        let exited = ExitFlag()
        let group = DispatchGroup()
        for (fd, stream) in [(child.stdout, OutputChannel.stdout), (child.stderr, OutputChannel.stderr)] {
            group.enter()
            Thread.detachNewThread {
                // Blocking polls on a dedicated thread: the cooperative pool stays free.
                let complete = readUntilClosed(fd, stream, into: collector, exited: exited, quiet: quietAfterExit)
                close(fd)
                collector.finish(stream)
                if !complete { collector.noteLeftOpen() }
                group.leave()
            }
        }
        let (status, signal) = ProcessSpawner.wait(child.pid)
        exited.set()
        group.wait()
        var result = LocalCommandResult(exitStatus: status, signal: signal,
                                        stdout: collector.text(of: .stdout), stderr: collector.text(of: .stderr))
        result.outputLeftOpen = collector.leftOpen
        return result
    }

    /// Reads `fd` to its end; false when it was still open `quiet` seconds of silence after the
    /// command exited (something in the background holds it).
    private static func readUntilClosed(_ fd: Int32, _ stream: OutputChannel, into collector: LineCollector,
                                        exited: ExitFlag, quiet: TimeInterval) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var quietSince: Date?
        while true {
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, 50)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 {
                guard exited.isSet else { continue }
                let since = quietSince ?? Date()
                quietSince = since
                if Date().timeIntervalSince(since) >= quiet { return false }
                continue
            }
            let count = read(fd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return true }
            quietSince = nil
            collector.append(Array(buffer[0..<count]), from: stream)
        }
    }
}

/// Set once the command's shell has exited.
final class ExitFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

/// Splits two byte streams into lines, decoding each only when the whole line has arrived.
final class LineCollector: Sendable {
    private struct State {
        var lines: [OutputChannel: LineSplitter] = [:]
        var all: [OutputChannel: [UInt8]] = [:]
        var leftOpen = false
    }

    private let state = Mutex(State())
    private let onLine: @Sendable (OutputChannel, String) -> Void

    init(onLine: @escaping @Sendable (OutputChannel, String) -> Void) { self.onLine = onLine }

    func append(_ bytes: [UInt8], from stream: OutputChannel) {
        let lines: [String] = state.withLock { state in
            state.all[stream, default: []] += bytes
            return bytes.withUnsafeBufferPointer { state.lines[stream, default: LineSplitter()].feed($0) }
        }
        for line in lines { onLine(stream, line) }
    }

    func finish(_ stream: OutputChannel) {
        if let rest = state.withLock({ $0.lines[stream, default: LineSplitter()].finish() }) { onLine(stream, rest) }
    }

    /// Whether a stream was still held open by a background process when reading stopped.
    var leftOpen: Bool { state.withLock { $0.leftOpen } }

    func noteLeftOpen() { state.withLock { $0.leftOpen = true } }

    func text(of stream: OutputChannel) -> String {
        state.withLock { OutputText.decode($0.all[stream, default: []]) }
    }
}
