import Foundation
import GantryShell
import Synchronization

/// A known_hosts file read line by line, as OpenSSH reads it.
///
/// One bad line does not spoil the file: it is skipped and reported (``skipped``), the other
/// lines still count. Blank lines and `#` comments are ignored.
struct KnownHostsFile: Sendable {
    /// A line that could not be used, and why.
    struct Skipped: Sendable, Equatable {
        let line: Int
        let reason: String
    }

    let path: String
    /// False when there is no file at `path` (every host is then unknown).
    let exists: Bool
    let entries: [KnownHostsEntry]
    let skipped: [Skipped]

    /// Reads `path`; a missing file is an empty one, an unreadable one an error.
    ///
    /// - Parameter host: the host being verified, named in the error.
    static func load(_ path: String, for host: String) throws(SSHError) -> KnownHostsFile {
        func failure(_ reason: String) -> SSHError {
            SSHError(.hostKeyUnknown, host: host, operation: "read known_hosts", message: "cannot read \(path): \(reason)")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return KnownHostsFile(path: path, exists: false, entries: [], skipped: []) }
            throw failure(String(cString: strerror(code)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw failure("not a regular file") }
        // A deployment connects to every host with the same file: parse it once while it is unchanged.
        let version = Version(info)
        if let cached = cache.withLock({ $0[path] }), cached.version == version { return cached.file }
        guard let bytes = FileBytes.readAll(fd) else { throw failure(String(cString: strerror(errno))) }
        let file = parse(bytes, path: path)
        cache.withLock { $0[path] = (version, file) }
        return file
    }

    /// What tells one content of a file from the next: device, inode, size, modification time.
    private struct Version: Equatable {
        let device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            seconds = Int(info.st_mtim.tv_sec)
            nanoseconds = Int(info.st_mtim.tv_nsec)
        }
    }

    private static let cache = Mutex<[String: (version: Version, file: KnownHostsFile)]>([:])

    static func parse(_ bytes: [UInt8], path: String) -> KnownHostsFile {
        var entries: [KnownHostsEntry] = []
        var skipped: [Skipped] = []
        for (index, raw) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            switch parseLine(String(decoding: raw, as: UTF8.self), number: index + 1) {
            case .none: continue
            case let .entry(entry): entries.append(entry)
            case let .skip(reason): skipped.append(Skipped(line: index + 1, reason: reason))
            }
        }
        return KnownHostsFile(path: path, exists: true, entries: entries, skipped: skipped)
    }

    private enum LineResult {
        case none
        case entry(KnownHostsEntry)
        case skip(String)
    }

    private static func parseLine(_ text: String, number: Int) -> LineResult {
        var fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        guard let first = fields.first, !first.hasPrefix("#") else { return .none }
        var marker = KnownHostsEntry.Marker.none
        if first.hasPrefix("@") {
            switch first {
            case "@revoked": marker = .revoked
            case "@cert-authority": marker = .certAuthority
            default: return .skip("unknown marker '\(first)' (known: @revoked, @cert-authority)")
            }
            fields.removeFirst()
        }
        guard fields.count >= 3 else {
            return .skip("expected '[marker] hosts key-type key', found \(fields.count) field\(fields.count == 1 ? "" : "s")")
        }
        let (hostField, type, encoded) = (fields[0], fields[1], fields[2])
        if type.allSatisfy(\.isNumber) {
            return .skip("an SSH protocol 1 RSA key (bits, exponent, modulus), which SSH 2 cannot use")
        }
        let hosts: KnownHostsEntry.Hosts
        if hostField.hasPrefix("|") {
            guard let hashed = hashedHosts(hostField) else {
                return .skip("'\(hostField.prefix(24))…' is not a hashed host name of the form |1|salt|hash")
            }
            hosts = hashed
        } else {
            let patterns = hostField.split(separator: ",").map(String.init)
            guard !patterns.isEmpty else { return .skip("no host name before the key") }
            hosts = .patterns(patterns)
        }
        guard let data = Data(base64Encoded: encoded), let key = HostKey(blob: Array(data)) else {
            return .skip("the \(type) key is not valid base64 of an SSH public key")
        }
        guard key.type == type else {
            return .skip("the key is of type \(key.type) but the line says \(type)")
        }
        return .entry(KnownHostsEntry(line: number, marker: marker, hosts: hosts, key: key))
    }

    /// `|1|base64(salt)|base64(HMAC-SHA1)`, both 20 bytes.
    private static func hashedHosts(_ field: String) -> KnownHostsEntry.Hosts? {
        let parts = field.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, parts[1] == "1",
              let salt = Data(base64Encoded: String(parts[2])), let hash = Data(base64Encoded: String(parts[3])),
              salt.count == 20, hash.count == 20 else { return nil }
        return .hashed(salt: Array(salt), hash: Array(hash))
    }
}
