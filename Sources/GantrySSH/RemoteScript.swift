import Foundation

/// The text Gantry sends for one remote command: a framed process-group line, then the
/// variables read from stdin, then the command itself.
///
/// - The first thing the login shell prints is `MARKER PGID` on its own line, where the marker is
///   random per command. Login scripts may print banners first (a `.bashrc` that echoes); only a
///   line ending in the marker is taken as the process group, and whatever came before it on
///   that line or earlier lines is output like any other. sshd starts the shell with `setsid`,
///   so `$$` is the process group of everything the command starts.
/// - Variables (secret values) reach the shell on the channel's stdin, one line each, every byte
///   outside `A-Za-z0-9` written as a `\0ooo` escape that the `printf` builtin decodes. They are
///   plain shell variables, not exported: no value ever appears in the argv of a process Gantry
///   starts, so `ps` on the host cannot show it. What the command passes on to its own children
///   is the command's business.
struct RemoteScript {
    /// A name that cannot come from a command by accident.
    let marker: String
    let command: String
    let variables: [(name: String, value: String)]

    init(command: String, variables: [(name: String, value: String)] = []) {
        var random = SystemRandomNumberGenerator()
        marker = "gantry-pgid-" + String(random.next(), radix: 16) + String(random.next(), radix: 16)
        self.command = command
        self.variables = variables
    }

    /// The exit status of the shell when the variables could not be read from stdin.
    static let variablesUnreadable: Int32 = 125

    /// What the login shell runs.
    var text: String {
        var lines = ["printf '%s %s\\n' \(marker) \"$$\""]
        for variable in variables {
            precondition(Self.isName(variable.name), "not a shell variable name: \(variable.name)")
            let name = variable.name
            lines.append("IFS= read -r \(name) && \(name)=$(printf '%bx' \"$\(name)\") && \(name)=${\(name)%x} "
                + "|| { echo 'gantry: the values for this command did not arrive on stdin' >&2; exit \(Self.variablesUnreadable); }")
        }
        lines.append(command)
        return lines.joined(separator: "\n")
    }

    /// What is written to the channel's stdin before `extra` (an upload's content).
    func stdin(then extra: [UInt8]?) -> [UInt8] {
        var bytes: [UInt8] = []
        for variable in variables {
            bytes += Self.escape(variable.value)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes + (extra ?? [])
    }

    /// `value` as `printf %b` input: letters and digits as they are, every other byte `\0ooo`
    /// with exactly three octal digits, so a digit that follows is never read as part of it.
    static func escape(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count * 2)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.append(byte)
            default:
                let octal = String(byte, radix: 8)
                out += Array(("\\0" + String(repeating: "0", count: 3 - octal.count) + octal).utf8)
            }
        }
        return out
    }

    static func isName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (0x30...0x39).contains($0) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    /// The command that stops process group `group`: TERM, then KILL; nil for no group or a group
    /// of 0 or 1, which `kill` would read as "every process".
    static func killCommand(group: Int32?) -> String? {
        guard let group, group > 1 else { return nil }
        return "kill -TERM -- -\(group) 2>/dev/null || exit 3; sleep 0.3; kill -KILL -- -\(group) 2>/dev/null; exit 0"
    }

    /// Finds `MARKER PGID\n` at the end of a line: the bytes before it, the group, the bytes after.
    static func frame(_ bytes: [UInt8], marker: [UInt8]) -> (before: [UInt8], group: Int32, after: [UInt8])? {
        guard bytes.count >= marker.count else { return nil }
        var start = 0
        while start + marker.count <= bytes.count {
            guard let first = bytes[start...].firstIndex(of: marker[0]) else { return nil }
            start = first
            guard start + marker.count <= bytes.count else { return nil }
            if bytes[start..<(start + marker.count)].elementsEqual(marker) {
                var end = start + marker.count
                while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
                guard end < bytes.count else { return nil }    // the line is not complete yet
                guard bytes[end] == UInt8(ascii: "\n"), end > start + marker.count,
                      let group = Int32(String(decoding: bytes[(start + marker.count)..<end], as: UTF8.self)) else {
                    start += 1
                    continue
                }
                return (Array(bytes[..<start]), group, Array(bytes[(end + 1)...]))
            }
            start += 1
        }
        return nil
    }
}
