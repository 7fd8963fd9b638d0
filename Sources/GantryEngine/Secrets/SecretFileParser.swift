import Foundation

/// Parses `~/.config/gantry/secrets/<env>.env` files.
///
/// One `NAME=value` per line; blank lines and lines starting with `#` are ignored; an optional
/// `export ` prefix is accepted so the file can be sourced by a shell too. The value is taken as
/// written after the first `=`; one pair of surrounding single or double quotes is removed, and
/// inside double quotes `\n`, `\"` and `\\` are unescaped so a value can hold a newline.
enum SecretFileParser {
    static func parse(_ text: String, path: String) throws(SecretError) -> [String: String] {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            var body = trimmed
            if body.hasPrefix("export ") { body = body.dropFirst("export ".count) }
            guard let eq = body.firstIndex(of: "=") else {
                throw .malformedFile(path: path, line: index + 1, reason: "expected NAME=value")
            }
            let name = body[..<eq].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw .malformedFile(path: path, line: index + 1, reason: "'\(name)' is not a secret name")
            }
            values[name] = unquote(body[body.index(after: eq)...])
        }
        return values
    }

    private static func unquote(_ value: Substring) -> String {
        if value.count >= 2, value.first == "'", value.last == "'" {
            return String(value.dropFirst().dropLast())
        }
        guard value.count >= 2, value.first == "\"", value.last == "\"" else { return String(value) }
        var result = ""
        var escaping = false
        for ch in value.dropFirst().dropLast() {
            if escaping {
                switch ch {
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: result.append(ch)
                }
                escaping = false
            } else if ch == "\\" {
                escaping = true
            } else {
                result.append(ch)
            }
        }
        if escaping { result.append("\\") }
        return result
    }
}
