#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts child processes with `posix_spawn` and waits for them with `waitpid`.
///
/// Foundation's `Process` watches for child exits through its own machinery, which was seen to
/// miss exits when several processes run at once; a `waitpid` on the child's PID cannot. The
/// child's signal mask and dispositions are reset (a thread of the parent may block signals, and
/// a child inheriting a blocked SIGTERM could not be stopped by PID), and it inherits no
/// descriptor beyond its standard input, output and error.
public enum ProcessSpawner {
    /// A started child and the parent's ends of its pipes.
    public struct Child: Sendable {
        public let pid: pid_t
        /// Read end of the child's stdout.
        public let stdout: Int32
        /// Read end of the child's stderr.
        public let stderr: Int32
        /// Write end of the child's stdin, when one was asked for (else stdin is /dev/null).
        public let stdin: Int32?
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `arguments[0]` (a path) with `arguments`.
    ///
    /// - Parameters:
    ///   - environment: the child's environment; nil = this process's.
    ///   - withStdin: give the child a pipe for stdin (the caller writes and closes it).
    public static func spawn(_ arguments: [String], environment: [String: String]?,
                             withStdin: Bool = false) throws -> Child {
        var out: [Int32] = [0, 0], err: [Int32] = [0, 0], input: [Int32] = [-1, -1]
        guard pipe(&out) == 0, pipe(&err) == 0, !withStdin || pipe(&input) == 0 else {
            throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if withStdin {
            posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
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

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        var pid: pid_t = 0
        let rc: Int32
        if var envp {
            rc = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, &envp)
        } else {
            rc = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        }
        for fd in [out[1], err[1], input[0]] where fd >= 0 { close(fd) }
        guard rc == 0 else {
            for fd in [out[0], err[0], input[1]] where fd >= 0 { close(fd) }
            throw Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(rc)))")
        }
        return Child(pid: pid, stdout: out[0], stderr: err[0], stdin: withStdin ? input[1] : nil)
    }

    /// Waits for `pid`: its exit status (128 + signal when killed) and the signal, if any.
    public static func wait(_ pid: pid_t) -> (status: Int32, signal: Int32?) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        if signal != 0 && signal != 0x7f { return (128 + signal, signal) }
        return ((status >> 8) & 0xff, nil)
    }
}
