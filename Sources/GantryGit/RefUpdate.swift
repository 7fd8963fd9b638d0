/// One line of a post-receive hook's input: `<old-sha> <new-sha> <ref-name>`.
///
/// Parsing is pure: nothing is looked up, and the ref name is kept as plain data (a name such as
/// `refs/heads/$(reboot)` is just a name; quoting it for a shell is the consumer's job).
public struct RefUpdate: Sendable, Hashable {
    /// What kind of ref moved.
    public enum Kind: Sendable, Hashable {
        /// `refs/heads/…`
        case branch
        /// `refs/tags/…`
        case tag
        /// Anything else (`refs/notes/…`, `refs/pull/…`): Gantry ignores these.
        case other
    }

    /// The sha the ref had before the push; all zeros when the push created it.
    public let oldSha: String
    /// The sha the ref has now; all zeros when the push deleted it. For an annotated tag this is
    /// the tag object, not the commit (``GitRepository/commit(_:)`` peels it).
    public let newSha: String
    /// The full ref name, e.g. `refs/heads/main` (invalid UTF-8 repaired).
    public let refName: String

    public init(oldSha: String, newSha: String, refName: String) {
        self.oldSha = oldSha
        self.newSha = newSha
        self.refName = refName
    }

    /// Branch, tag or other, from the ref name's prefix.
    public var kind: Kind {
        if refName.hasPrefix(Self.branchPrefix) { return .branch }
        if refName.hasPrefix(Self.tagPrefix) { return .tag }
        return .other
    }

    /// The branch or tag name without its `refs/heads/` or `refs/tags/` prefix; the full name otherwise.
    public var shortName: String {
        switch kind {
        case .branch: return String(refName.dropFirst(Self.branchPrefix.count))
        case .tag: return String(refName.dropFirst(Self.tagPrefix.count))
        case .other: return refName
        }
    }

    /// Whether the push created the ref.
    public var isCreation: Bool { Self.isZero(oldSha) }
    /// Whether the push deleted the ref. A deletion never deploys.
    public var isDeletion: Bool { Self.isZero(newSha) }

    /// Parses one line (a trailing `\n` or `\r\n` is allowed).
    /// - Throws: ``GitError`` `.malformedRefUpdate` naming what is wrong.
    public init(line: some StringProtocol) throws {
        var text = Substring(line)
        while let last = text.last, last == "\n" || last == "\r\n" || last == "\r" { text = text.dropLast() }
        let fields = text.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            throw Self.malformed(text, "expected '<old-sha> <new-sha> <ref>' separated by single spaces")
        }
        guard GitObjectID.isFullHex(fields[0]), GitObjectID.isFullHex(fields[1]),
              fields[0].utf8.count == fields[1].utf8.count else {
            throw Self.malformed(text, "the old and new shas must be full hexadecimal object ids")
        }
        guard fields[2].hasPrefix("refs/"), fields[2].utf8.count > 5,
              !fields[2].unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw Self.malformed(text, "the ref name must be a full name starting with refs/")
        }
        guard !(Self.isZero(fields[0]) && Self.isZero(fields[1])) else {
            throw Self.malformed(text, "old and new shas cannot both be zero")
        }
        self.init(oldSha: fields[0].lowercased(), newSha: fields[1].lowercased(), refName: String(fields[2]))
    }

    /// Parses a hook's whole input, one update per non-empty line.
    /// - Throws: ``GitError`` `.malformedRefUpdate` naming the first bad line and its number.
    public static func parseAll(_ input: some StringProtocol) throws -> [RefUpdate] {
        var updates: [RefUpdate] = []
        for (index, line) in input.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            if line.allSatisfy({ $0 == "\r" || $0 == " " }) { continue }
            do {
                updates.append(try RefUpdate(line: line))
            } catch let error as GitError {
                throw GitError(.malformedRefUpdate, "line \(index + 1): \(error.message)", subject: error.subject)
            }
        }
        return updates
    }

    /// Parses a hook's raw input bytes; ref names that are not valid UTF-8 are repaired, never rejected.
    public static func parseAll(bytes: [UInt8]) throws -> [RefUpdate] {
        try parseAll(String(decoding: bytes, as: UTF8.self))
    }

    private static let branchPrefix = "refs/heads/"
    private static let tagPrefix = "refs/tags/"

    private static func isZero(_ sha: some StringProtocol) -> Bool {
        !sha.isEmpty && sha.utf8.allSatisfy { $0 == 0x30 }
    }

    private static func malformed(_ line: Substring, _ reason: String) -> GitError {
        let shown = line.count > 200 ? line.prefix(200) + "…" : line
        return GitError(.malformedRefUpdate, "malformed ref update '\(shown)': \(reason)", subject: String(shown))
    }
}
