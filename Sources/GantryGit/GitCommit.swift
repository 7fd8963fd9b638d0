import Foundation

/// A commit's identity and metadata, as Gantry shows and records it.
public struct GitCommit: Sendable, Hashable, CustomStringConvertible {
    /// The full hexadecimal commit id (40 characters for SHA-1 repositories).
    public let sha: String
    /// The author's name (invalid UTF-8 repaired).
    public let authorName: String
    /// The author's e-mail address.
    public let authorEmail: String
    /// When the author made the commit.
    public let authoredAt: Date
    /// The first line of the message.
    public let summary: String
    /// The whole message.
    public let message: String
    /// The parents' full ids, first parent first.
    public let parentShas: [String]

    public init(sha: String, authorName: String, authorEmail: String, authoredAt: Date,
                summary: String, message: String, parentShas: [String]) {
        self.sha = sha
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authoredAt = authoredAt
        self.summary = summary
        self.message = message
        self.parentShas = parentShas
    }

    /// The first 7 characters of ``sha``: `${git.short_sha}` and the default artifact tag.
    public var shortSha: String { String(sha.prefix(7)) }

    public var description: String { "\(shortSha) \(summary)" }
}
