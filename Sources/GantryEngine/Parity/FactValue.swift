import Crypto
import Foundation
import GantryShell
import GantryStore

/// One fact (or `parity.running`) as read on one host: normalised, masked, comparable.
///
/// Output differing only in trailing whitespace or newlines is equal: each line loses its
/// trailing blanks and the text its trailing empty lines before it is hashed. Secret values are
/// masked before that, so they are never compared, stored or shown.
public struct FactValue: Sendable, Codable, Equatable {
    public var name: String
    public var host: String
    /// The normalised stdout, cut to `shownLimit` characters.
    public var output: String
    /// `sha256:<hex>` of the whole normalised stdout, prefixed with the exit status when it failed.
    public var digest: String
    public var exitStatus: Int32?
    public var signal: String?
    public var timedOut: Bool
    /// The first line of stderr, for failed commands.
    public var stderr: String
    /// Why the command did not run: an unreachable host, a broken connection, a value it needs.
    public var error: String?
    /// True when `error` is about reaching the host (exit 4), not about the fact.
    public var unreachable: Bool

    /// Characters of output kept for display and history.
    static let shownLimit = 4096

    init(name: String, host: String, output raw: FactCollector.Output) {
        let text = Self.normalise(raw.stdout)
        self.name = name
        self.host = host
        output = String(text.prefix(Self.shownLimit))
        exitStatus = raw.exitStatus
        signal = raw.signal
        timedOut = raw.timedOut
        stderr = Self.normalise(raw.stderr).split(separator: "\n").first.map(String.init) ?? ""
        error = raw.error
        unreachable = raw.error != nil
        let failure = raw.error != nil || raw.exitStatus != 0 || raw.signal != nil || raw.timedOut
        digest = Self.digest((failure ? "[\(Self.ending(raw.exitStatus, raw.signal, raw.timedOut, raw.error))]\n" : "") + text)
    }

    /// A fact that could not be rendered for this host (a value it needs is missing).
    init(name: String, host: String, notRendered reason: String) {
        self.name = name
        self.host = host
        output = ""
        exitStatus = nil
        signal = nil
        timedOut = false
        stderr = ""
        error = reason
        unreachable = false
        digest = Self.digest("[not rendered]")
    }

    /// A fact as it was stored when it was read (its history keeps the digest, the shown output
    /// and the exit status; a reading that ended without one keeps why in its output).
    init(observed: FactObservation) {
        name = observed.fact
        host = observed.host
        output = observed.output
        digest = observed.digest
        exitStatus = observed.exitStatus
        signal = nil
        timedOut = false
        stderr = ""
        error = observed.exitStatus == nil ? observed.output : nil
        unreachable = observed.exitStatus == nil
    }

    /// Whether the command ran and exited 0.
    public var succeeded: Bool { error == nil && exitStatus == 0 && signal == nil && !timedOut }

    /// A short form for tables: the output's first line, or how the command failed.
    public var display: String {
        if !succeeded { return Self.ending(exitStatus, signal, timedOut, error) + (stderr.isEmpty ? "" : ": \(stderr)") }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, !output.isEmpty else { return "(empty)" }
        let head = first.count > 60 ? String(first.prefix(57)) + "…" : String(first)
        return lines.count > 1 ? "\(head) (+\(lines.count - 1) lines, \(digest.prefix(15)))" : head
    }

    /// "exit 3", "killed by signal KILL", "timed out", "unreachable: …".
    static func ending(_ status: Int32?, _ signal: String?, _ timedOut: Bool, _ error: String?) -> String {
        if let error { return error }
        if timedOut { return "timed out" }
        if let signal { return "killed by signal \(signal)" }
        return "exit \(status ?? -1)"
    }

    /// Trailing blanks of every line and trailing empty lines removed; CRLF read as LF.
    static func normalise(_ text: String) -> String {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> Substring in
                var end = line.endIndex
                while end > line.startIndex, line[line.index(before: end)].isWhitespace { end = line.index(before: end) }
                return line[..<end]
            }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    static func digest(_ text: String) -> String {
        "sha256:" + Hex.encode(SHA256.hash(data: Array(text.utf8)))
    }
}
