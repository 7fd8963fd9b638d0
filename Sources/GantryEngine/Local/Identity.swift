import Foundation

/// Who is acting: the login name of the process's real user id.
///
/// Requesters and approvers are recorded by this name. It comes from the OS (`getuid` and the
/// password database), never from a flag or an environment variable, so nobody can approve as
/// someone else by typing their name.
public enum Identity {
    /// The login name of the real user id, or `uid:<n>` when the user has no passwd entry.
    public static func currentUser() -> String {
        let uid = getuid()
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        if getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, let found = result, let name = found.pointee.pw_name {
            return String(validatingCString: name) ?? "uid:\(uid)"
        }
        return "uid:\(uid)"
    }

    /// The machine's host name, recorded with locks so a dead holder on this host can be detected.
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
