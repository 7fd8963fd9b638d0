#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GantryShell

/// Files kept beside the store are replaced whole: a reader sees the old file or the new one,
/// never half of one, and a crash leaves at most a stray temporary file.
public enum AtomicFile {
    /// Writes `bytes` to a temporary file in the same folder, syncs it, then renames it over `path`.
    ///
    /// - Parameters:
    ///   - what: What the file is, for the error ("writing the audit head").
    ///   - mode: Permissions of the new file; group-readable and writable like the store.
    public static func replace(_ path: String, with bytes: [UInt8], what: String, mode: mode_t = 0o660) throws(StoreError) {
        var template = Array("\(path).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let temporary = String(cString: template)
        guard fd >= 0 else { throw failure(what, "create", "\(path).tmp-XXXXXX") }
        let ok = bytes.withUnsafeBytes { FileBytes.writeAll($0, to: fd) } && fchmod(fd, mode) == 0 && fsync(fd) == 0
        let error = ok ? nil : failure(what, "write", temporary)
        close(fd)
        if let error {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure(what, "replace", path)
            unlink(temporary)
            throw error
        }
    }

    private static func failure(_ what: String, _ verb: String, _ path: String) -> StoreError {
        .database(context: what, message: "cannot \(verb) \(path): \(String(cString: strerror(errno)))")
    }
}
