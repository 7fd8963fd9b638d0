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

        /// Waits for the child and its output.
        public func wait() -> Result {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            group.wait()
            let signal = status & 0x7f
            let code = signal != 0 ? 128 + signal : (status >> 8) & 0xff
            return Result(status: code, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
        }
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
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0], inPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw Failure(description: "pipe failed") }
        if stdin != nil, pipe(&inPipe) != 0 { throw Failure(description: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdin != nil {
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
            posix_spawn_file_actions_addclose(&actions, inPipe[0])
            posix_spawn_file_actions_addclose(&actions, inPipe[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        // Nothing else of this process (database files, files being written) leaks into the child.
        SpawnDescriptors.closeAll(from: 3, in: &actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        // The working folder is set by a tiny shell so no non-portable spawn action is needed.
        let argv = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", directory ?? FileManager.default.currentDirectoryPath,
                    executable] + arguments
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, &attributes, cArgs, cEnv)
        close(outPipe[1])
        close(errPipe[1])
        if let stdin {
            close(inPipe[0])
            let writer = inPipe[1]
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
        guard rc == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(rc)))")
        }
        return Running(pid: pid, stdout: outPipe[0], stderr: errPipe[0], onChunk: onChunk)
    }

    /// Runs to completion and returns status and output.
    public static func run(_ executable: String, _ arguments: [String], in directory: String? = nil,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           stdin: Data? = nil) throws -> Result {
        try start(executable, arguments, in: directory, environment: environment, stdin: stdin).wait()
    }
}
