internal import CLibSSH2

/// The process-wide libssh2 initialisation.
///
/// libssh2 must be initialised exactly once before any session is made; every entry point of
/// this module touches `LibSSH2.ready` first.
enum LibSSH2 {
    static let ready: Int32 = libssh2_init(0)

    /// The version of the linked libssh2, e.g. "1.10.0".
    static var version: String {
        _ = ready
        guard let text = libssh2_version(0) else { return "unknown" }
        return String(cString: text)
    }
}

/// Facts about the SSH library Gantry runs on.
public enum SSHLibrary {
    /// The linked libssh2 version, e.g. "1.10.0".
    public static var version: String { LibSSH2.version }
}
