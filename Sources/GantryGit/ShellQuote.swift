import Foundation

/// POSIX shell quoting for the hook script GantryGit writes.
///
/// The same rule as everywhere in Gantry: a value made only of `A-Za-z0-9_@%+=:,./-` is inserted
/// as is, anything else is single-quoted with `'` written as `'\''`. GantryGit depends on no other
/// Gantry module, so the hook writer carries its own copy of the rule.
enum ShellQuote {
    static func quote(_ value: String) -> String {
        if !value.isEmpty && value.unicodeScalars.allSatisfy(isPlain) { return value }
        return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9": return true
        case "_", "@", "%", "+", "=", ":", ",", ".", "/", "-": return true
        default: return false
        }
    }
}
