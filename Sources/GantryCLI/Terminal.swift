import Foundation

/// Writing to stdout and stderr, with colour only where a person is looking.
public enum Terminal {
    /// Whether colour may be used: a terminal, no `--no-color`, no non-empty `NO_COLOR`.
    public static func colorAllowed(noColorFlag: Bool, environment: [String: String], isTerminal: Bool) -> Bool {
        if noColorFlag { return false }
        if let value = environment["NO_COLOR"], !value.isEmpty { return false }
        return isTerminal
    }

    /// Writes a line to standard error.
    public static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Writes a line to standard output.
    public static func out(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// `text` in an ANSI colour when `enabled`.
    static func paint(_ text: String, _ color: Color, enabled: Bool) -> String {
        enabled ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    enum Color: String {
        case red = "31", green = "32", yellow = "33", bold = "1", dim = "2"
        case blue = "34", magenta = "35", cyan = "36"
    }
}
