#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes on POSIX descriptors, retrying interrupted calls.
///
/// For small files on paths that must stay cheap (a push hook's standard input, the trigger
/// index) and for writes that must be complete or fail.
public enum FileBytes {
    /// Everything `fd` yields up to end of file; nil when a read fails.
    public static func readAll(_ fd: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// The whole file at `path`; nil when it cannot be opened or read.
    public static func contents(ofFile path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(fd)
    }

    /// Writes every byte of `bytes` to `fd`; false (with `errno` set) when a write fails.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        var written = 0
        while written < bytes.count {
            guard let base = bytes.baseAddress else { return false }
            let count = write(fd, base + written, bytes.count - written)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }
}
