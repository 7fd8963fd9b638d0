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
        try self.init(bytes: ArraySlice(line.utf8))
    }

    /// Parses one line of raw bytes; the ref name is decoded with invalid UTF-8 repaired.
    ///
    /// Works on bytes rather than characters: a hook may get thousands of lines per push.
    init(bytes line: ArraySlice<UInt8>) throws {
        var text = line
        while let last = text.last, last == 0x0A || last == 0x0D { text = text.dropLast() }
        let fields = text.split(separator: 0x20, omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            throw Self.malformed(text, "expected '<old-sha> <new-sha> <ref>' separated by single spaces")
        }
        let (old, new, ref) = (fields[0], fields[1], fields[2])
        guard Self.isFullHex(old), Self.isFullHex(new), old.count == new.count else {
            throw Self.malformed(text, "the old and new shas must be full hexadecimal object ids")
        }
        guard ref.count > 5, ref.starts(with: Self.refsPrefix), !ref.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw Self.malformed(text, "the ref name must be a full name starting with refs/")
        }
        guard !(Self.isZero(old) && Self.isZero(new)) else {
            throw Self.malformed(text, "old and new shas cannot both be zero")
        }
        self.init(oldSha: String(decoding: old, as: UTF8.self).lowercased(),
                  newSha: String(decoding: new, as: UTF8.self).lowercased(),
                  refName: String(decoding: ref, as: UTF8.self))
    }

    /// Parses a hook's whole input, one update per non-empty line.
    /// - Throws: ``GitError`` `.malformedRefUpdate` naming the first bad line and its number.
    public static func parseAll(_ input: some StringProtocol) throws -> [RefUpdate] {
        try parseAll(bytes: Array(input.utf8))
    }

    /// Parses a hook's raw input bytes; ref names that are not valid UTF-8 are repaired, never rejected.
    public static func parseAll(bytes: [UInt8]) throws -> [RefUpdate] {
        var updates: [RefUpdate] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x0D || $0 == 0x20 }) { continue }
            do {
                updates.append(try RefUpdate(bytes: line))
            } catch let error as GitError {
                throw GitError(.malformedRefUpdate, "line \(index + 1): \(error.message)", subject: error.subject)
            }
        }
        return updates
    }

    private static let branchPrefix = "refs/heads/"
    private static let tagPrefix = "refs/tags/"

    private static let refsPrefix = Array("refs/".utf8)

    private static func isZero(_ sha: some StringProtocol) -> Bool {
        !sha.isEmpty && sha.utf8.allSatisfy { $0 == 0x30 }
    }

    private static func isZero(_ sha: ArraySlice<UInt8>) -> Bool {
        !sha.isEmpty && sha.allSatisfy { $0 == 0x30 }
    }

    private static func isFullHex(_ sha: ArraySlice<UInt8>) -> Bool {
        (sha.count == 40 || sha.count == 64) && sha.allSatisfy(GitObjectID.isHexDigit)
    }

    private static func malformed(_ line: ArraySlice<UInt8>, _ reason: String) -> GitError {
        let text = String(decoding: line, as: UTF8.self)
        let shown = text.count > 200 ? text.prefix(200) + "…" : Substring(text)
        return GitError(.malformedRefUpdate, "malformed ref update '\(shown)': \(reason)", subject: String(shown))
    }
}
