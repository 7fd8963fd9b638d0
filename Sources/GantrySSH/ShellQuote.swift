import Foundation

/// POSIX shell quoting, the one place GantrySSH builds command lines from values.
///
/// Same rule as the pipeline interpolation (SPEC): a word made only of `A-Za-z0-9_@%+=:,./-` is
/// inserted as is, anything else is single-quoted with `'` written as `'\''`.
enum ShellQuote {
    static func word(_ value: String) -> String {
        let safe = !value.isEmpty && value.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_", "@", "%", "+", "=", ":", ",", ".", "/", "-": true
            default: false
            }
        }
        if safe { return value }
        return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
