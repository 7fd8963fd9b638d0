import Foundation

/// POSIX shell quoting — the one place Gantry quotes anything for a shell.
///
/// Interpolated values (branch names, tags, vars) come from people and pushes; quoting every
/// one of them means none can run a command of its own.
public enum ShellQuote {
    /// `value` as one shell word: as is when made only of `A-Za-z0-9_@%+=:,./-`, otherwise
    /// single-quoted with each `'` written as `'\''`; the empty string is `''`.
    public static func quote(_ value: String) -> String {
        if value.isEmpty { return "''" }
        if value.unicodeScalars.allSatisfy(isSafe) { return value }
        return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        case "_", "@", "%", "+", "=", ":", ",", ".", "/", "-": return true
        default: return false
        }
    }
}
