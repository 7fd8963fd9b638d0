import Foundation
import GantryShell

extension SSHConnection {
    /// Writes bytes to a file on the host atomically, with the given mode.
    ///
    /// The bytes go to a temporary name in the target's folder (same filesystem), get their mode,
    /// then `mv -f` replaces the target in one rename: readers see the old or the new file, never
    /// a partial one. The content travels as the command's stdin, so it is binary-safe.
    ///
    /// - Parameters:
    ///   - bytes: the file content.
    ///   - path: absolute path on the host.
    ///   - mode: permission bits, e.g. `0o600`.
    ///   - timeout: overrides the target's command timeout.
    /// - Returns: the result of the remote write; not `succeeded` if the folder is missing or not writable.
    /// - Throws: ``SSHError`` when the channel fails.
    public func upload(_ bytes: [UInt8], to path: String, mode: Int = 0o644, timeout: Duration? = nil) async throws -> CommandResult {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).gantry-\(UUID().uuidString.prefix(8))"
        let command = Self.uploadCommand(temporary: temporary, path: path, mode: mode)
        return try await run(command, stdin: bytes, timeout: timeout)
    }

    /// The remote side of ``upload(_:to:mode:timeout:)``; a value so tests can pin it.
    static func uploadCommand(temporary: String, path: String, mode: Int) -> String {
        let tmp = ShellQuote.quote(temporary)
        let octal = String(mode, radix: 8)
        return "umask 077 && cat > \(tmp) && chmod \(octal) \(tmp) && mv -f \(tmp) \(ShellQuote.quote(path)) "
            + "|| { status=$?; rm -f \(tmp); exit $status; }"
    }
}
