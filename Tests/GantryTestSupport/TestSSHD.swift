import Foundation
import GantryShell

/// A real OpenSSH sshd on loopback for integration tests, started once per test process.
///
/// Use ``shared()`` from any test target: the first call runs `scripts/test-sshd start` in a
/// fresh folder, later calls return the same server. sshd is stopped when the test process exits
/// (an `atexit` handler kills its PID, and the script's watchdog kills it if the process dies
/// without running `atexit`). The server accepts public-key logins for the current user with
/// ``identityPath`` and only from 127.0.0.0/8 clients.
///
/// ```swift
/// let sshd = try TestSSHD.shared()
/// // host 127.0.0.1, port sshd.port, user sshd.user,
/// // identity sshd.identityPath, known_hosts sshd.knownHostsPath
/// for alias in sshd.hostAliases(5) { … alias.name, alias.address, sshd.aliasKnownHostsPath … }
/// ```
public final class TestSSHD: Sendable {
    /// A distinct name and loopback address reaching the same sshd (127.0.0.0/8 all routes to it).
    public struct HostAlias: Sendable, Hashable {
        /// e.g. "web-3".
        public let name: String
        /// e.g. "127.0.0.4".
        public let address: String
    }

    /// The folder with sshd_config, keys, known_hosts files, sshd.log and env.
    public let directory: String
    /// sshd's process id.
    public let pid: Int32
    /// The address sshd is reached at by default.
    public let address = "127.0.0.1"
    /// The TCP port sshd listens on (all IPv4 addresses; logins only from loopback).
    public let port: Int
    /// The login name (the user running the tests).
    public let user: String
    /// An ed25519 private key (no passphrase) that sshd accepts.
    public let identityPath: String
    /// known_hosts with the line for `[127.0.0.1]:port` only.
    public let knownHostsPath: String
    /// known_hosts with lines for every `[127.0.0.N]:port`, N = 1…254 (for ``hostAliases(_:prefix:)``).
    public let aliasKnownHostsPath: String
    /// sshd's ed25519 host public key file (`ssh-ed25519 AAAA… comment`).
    public let hostPublicKeyPath: String
    /// The authorized_keys file; tests may append keys (e.g. an ECDSA key).
    public var authorizedKeysPath: String { directory + "/authorized_keys" }

    /// The server shared by every test of this process, started on first use.
    public static func shared() throws -> TestSSHD { try sharedServer.get() }

    private static let sharedServer: Result<TestSSHD, any Error> = Result { try TestSSHD.start() }

    /// A server of the test's own, for tests that break connections, kill sshd's children or
    /// change the login user's home (its `home` folder); stopped when the test process exits.
    public static func dedicated() throws -> TestSSHD { try start() }

    /// A TCP port on 127.0.0.1 with nothing listening (bound, then released).
    public static func closedPort() -> Int {
        guard let socket = try? loopbackSocket(listening: false) else { return 1 }
        close(socket.fd)
        return socket.port
    }

    /// A TCP socket bound to a free port on 127.0.0.1, listening (backlog 8) when asked. The
    /// caller closes `fd`. A listening socket that never answers is a server that hangs the
    /// SSH handshake.
    public static func loopbackSocket(listening: Bool) throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSSHDError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && (!listening || listen(fd, 8) == 0)
                    && getsockname(fd, pointer, &length) == 0
            }
        }
        guard ready else {
            close(fd)
            throw TestSSHDError("bind or listen on 127.0.0.1 failed")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// The login user's home on this server (`SetEnv HOME`): where a test can put a `.bashrc`.
    public var homePath: String { directory + "/home" }

    /// The PIDs of sshd's own children: one per open connection.
    public func sessionProcesses() -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == self.pid
        }
    }

    /// `count` aliases named "\(prefix)-1"… at 127.0.0.2, 127.0.0.3, … (up to 253 of them).
    public func hostAliases(_ count: Int, prefix: String = "host") -> [HostAlias] {
        (0..<min(count, 253)).map { HostAlias(name: "\(prefix)-\($0 + 1)", address: "127.0.0.\($0 + 2)") }
    }

    /// The repository's scripts folder (for scripts/test-sshd and friends).
    public static var scriptsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts")
    }

    private init(environment: [String: String]) throws {
        func value(_ key: String) throws -> String {
            guard let value = environment["GANTRY_TEST_SSHD_\(key)"] else { throw TestSSHDError("env file lacks \(key)") }
            return value
        }
        directory = try value("DIR")
        guard let pid = Int32(try value("PID")), let port = Int(try value("PORT")) else {
            throw TestSSHDError("env file has a bad PID or PORT")
        }
        self.pid = pid
        self.port = port
        user = try value("USER")
        identityPath = try value("IDENTITY")
        knownHostsPath = try value("KNOWN_HOSTS")
        aliasKnownHostsPath = try value("KNOWN_HOSTS_ALIASES")
        hostPublicKeyPath = try value("HOST_KEY")
    }

    private static func start() throws -> TestSSHD {
        let directory = NSTemporaryDirectory() + "gantry-sshd-\(getpid())-\(UUID().uuidString.prefix(6))"
        let script = scriptsDirectory.appendingPathComponent("test-sshd").path
        let status = try run(script, ["start", directory, "--parent", String(getpid())])
        guard status == 0 else { throw TestSSHDError("\(script) start failed (exit \(status)); see \(directory)/sshd.log") }
        let text = try String(contentsOfFile: directory + "/env", encoding: .utf8)
        var environment: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { environment[String(parts[0])] = String(parts[1]) }
        }
        let server = try TestSSHD(environment: environment)
        let first = serversToStopAtExit.withLock { servers in
            servers.append((server.pid, server.directory))
            return servers.count == 1
        }
        if first {
            atexit {
                for (pid, directory) in serversToStopAtExit.current {
                    kill(pid, SIGTERM)
                    try? FileManager.default.removeItem(atPath: directory)
                }
            }
        }
        return server
    }

    /// Runs a program to completion; returns its exit status. Output goes to the test's stderr.
    ///
    /// posix_spawn + waitpid rather than Foundation's Process, whose termination monitoring
    /// was seen to hang when the child leaves background processes behind (sshd, the watchdog).
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let pid = try spawn(executable, arguments)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros: decode by hand.
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Starts a program in the background and returns its PID (stop it with `kill(pid, …)`).
    ///
    /// The child gets an empty signal mask and default handlers: test threads (libdispatch
    /// workers) block signals such as SIGTERM, and a spawned child would inherit that mask and
    /// ignore `kill PID`. stdout goes to /dev/null when `quiet`, so nothing holds the test's pipes.
    public static func spawn(_ executable: String, _ arguments: [String], quiet: Bool = false) throws -> pid_t {
        let words = [executable] + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if quiet {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // Like every child the tests start: nothing of the test process beyond stdio is inherited.
        SpawnDescriptors.closeAll(from: 3, in: &actions)
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw TestSSHDError("cannot start \(executable): \(String(cString: strerror(rc)))") }
        return pid
    }
}

/// Why the test sshd could not be started.
public struct TestSSHDError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Every server started by this process, stopped (by PID) and removed by the atexit handler.
private let serversToStopAtExit = Locked<[(pid: Int32, directory: String)]>([])
