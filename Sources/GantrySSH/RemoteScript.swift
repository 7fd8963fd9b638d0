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

    /// `value` as `printf %b` input: letters and digits as they are, every other byte `\0ooo`.
    static func escape(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count * 2)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.append(byte)
            default:
                out += Array("\\0\(String(byte, radix: 8))".utf8)
            }
        }
        return out
    }

    static func isName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (0x30...0x39).contains($0) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
}
