import Foundation
import GantryShell

/// Starts a child process with `posix_spawn`, its signal mask and dispositions reset.
///
/// Foundation's `Process` watches for child exits through its own machinery, which was seen to
/// miss exits when several processes run at once; `waitpid` on the child's PID does not. The
/// signal state is reset because threads of the parent may block signals (a child inheriting a
/// blocked SIGTERM could not be stopped by PID).
enum Spawn {
    struct Child {
        let pid: pid_t
        /// Read ends of the child's stdout and stderr.
        let stdout: Int32
        let stderr: Int32
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func start(_ arguments: [String], environment: [String: String]?) throws -> Child {
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in [outPipe[0], outPipe[1], errPipe[0], errPipe[1]] { posix_spawn_file_actions_addclose(&actions, fd) }
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

        let argv = arguments.map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        let envStrings = environment.map { $0.map { "\($0.key)=\($0.value)" } }
        let envp = envStrings.map { $0.map { strdup($0) } + [nil] }
        defer { envp?.forEach { free($0) } }

        var pid: pid_t = 0
        let rc: Int32
        if let envp {
            rc = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        } else {
            rc = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        }
        close(outPipe[1])
        close(errPipe[1])
        guard rc == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(rc)))")
        }
        return Child(pid: pid, stdout: outPipe[0], stderr: errPipe[0])
    }

    /// Waits for `pid` and returns (exit status, terminating signal).
    static func wait(_ pid: pid_t) -> (status: Int32, signal: Int32?) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        if signal != 0 && signal != 0x7f { return (128 + signal, signal) }
        return ((status >> 8) & 0xff, nil)
    }
}
