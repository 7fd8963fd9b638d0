import Foundation
import GantryShell

/// Runs programs for tests with `posix_spawn` and `waitpid`, never Foundation's `Process`.
///
/// `Process.waitUntilExit` was seen to hang when several tests start processes at once; a
/// `waitpid` on the child's own PID cannot miss its exit. Signal masks and dispositions are
/// reset so a child can always be stopped by PID.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A started child whose output is being collected.
    public final class Running: @unchecked Sendable {
        public let pid: pid_t
        private let group = DispatchGroup()
        private var out = Data(), err = Data()

        init(pid: pid_t, stdout: Int32, stderr: Int32, onChunk: (@Sendable (Bool, Data) -> Void)?) {
            self.pid = pid
            for (fd, isOut) in [(stdout, true), (stderr, false)] {
                group.enter()
                Thread.detachNewThread { [self] in
                    var chunk = [UInt8](repeating: 0, count: 65536)
                    var all = Data()
                    while true {
                        let count = read(fd, &chunk, chunk.count)
                        if count < 0 && errno == EINTR { continue }
                        if count <= 0 { break }
                        all.append(contentsOf: chunk[0..<count])
                        onChunk?(isOut, Data(chunk[0..<count]))
                    }
                    close(fd)
                    if isOut { out = all } else { err = all }
                    group.leave()
                }
            }
        }

        /// When the child ended (set by ``wait()``), measured on the waiting thread: a test's own
        /// clock may lag while it waits for a thread.
        public private(set) var endedAt: ContinuousClock.Instant?

        /// Whether the child has ended, without reaping it (``wait()`` still returns its status).
        public var hasExited: Bool {
            var info = siginfo_t()
            return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == pid
        }

        /// Waits for the child and its output.
        public func wait() -> Result {
            let code = ProcessSpawner.wait(pid).status
            endedAt = ContinuousClock.now
            group.wait()
            return Result(status: code, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
        }

        /// Waits for the child on a thread of its own: a test that waits seconds for a child must
        /// not hold one of the cooperative pool's threads (two on a small machine), or every
        /// other test running meanwhile waits too.
        public func finished() async -> Result {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread { continuation.resume(returning: self.wait()) }
            }
        }
    }

    /// Waits until `path` exists, polling without holding a thread, up to `seconds`.
    public static func waitForFile(_ path: String, seconds: Double = 60) async -> Bool {
        let end = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < end {
            if FileManager.default.fileExists(atPath: path) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// A child that exits before reading its stdin must not kill the test process with SIGPIPE.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Starts `executable` (a path, or a name looked up on PATH) in `directory`.
    ///
    /// - Parameters:
    ///   - stdin: bytes written to the child's standard input, which is then closed; nil = /dev/null.
    ///   - onChunk: called with (isStdout, bytes) as output arrives, on a reader thread.
    public static func start(_ executable: String, _ arguments: [String], in directory: String? = nil,
                             environment: [String: String] = ProcessInfo.processInfo.environment,
                             stdin: Data? = nil,
                             onChunk: (@Sendable (Bool, Data) -> Void)? = nil) throws -> Running {
        _ = ignoreBrokenPipes
        // The working folder is set by a tiny shell so no non-portable spawn action is needed.
        let argv = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", directory ?? FileManager.default.currentDirectoryPath,
                    executable] + arguments
        let child: ProcessSpawner.Child
        do {
            child = try ProcessSpawner.spawn(argv, environment: environment, withStdin: stdin != nil)
        } catch {
            throw Failure(description: "\(error)")
        }
        if let stdin, let writer = child.stdin {
            // Written on its own thread so a child that does not read cannot block the caller.
            Thread.detachNewThread {
                stdin.withUnsafeBytes { buffer in
                    var offset = 0
                    while offset < buffer.count {
                        let written = write(writer, buffer.baseAddress! + offset, buffer.count - offset)
                        if written < 0 && errno == EINTR { continue }
                        if written <= 0 { break }
                        offset += written
                    }
                }
                close(writer)
            }
        }
        return Running(pid: child.pid, stdout: child.stdout, stderr: child.stderr, onChunk: onChunk)
    }

    /// Runs to completion and returns status and output.
    public static func run(_ executable: String, _ arguments: [String], in directory: String? = nil,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           stdin: Data? = nil) throws -> Result {
        try start(executable, arguments, in: directory, environment: environment, stdin: stdin).wait()
    }
}
