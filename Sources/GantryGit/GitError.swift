internal import CLibGit2
import GantryShell

/// The one error type of GantryGit.
///
/// Every failure names what it was about (the repository, and the ref, revision or path when there
/// is one) and, when libgit2 failed, carries libgit2's own message, read on the failing thread.
public struct GitError: SeverityCarrying, Sendable, Equatable {
    /// What went wrong, for callers that react differently (e.g. a missing ref vs a broken repository).
    public enum Kind: Sendable, Equatable {
        /// The path is not (inside) a git repository.
        case notARepository
        /// A ref, revision, commit, path or folder does not exist.
        case notFound
        /// A short sha or name matches more than one object.
        case ambiguous
        /// The revision exists but is not what was asked for (e.g. a tag on a tree, a folder read as a file).
        case wrongType
        /// An argument is unusable (a relative path, a bad glob, an export target that is not empty).
        case invalidArgument
        /// A post-receive input line is not `old new ref`.
        case malformedRefUpdate
        /// Installing a hook would overwrite something that is not ours.
        case hookConflict
        /// A file-system operation failed.
        case io
        /// A remote repository could not be read: unreachable, its host key refused, or its credentials.
        case remote
        /// libgit2 failed for another reason.
        case library
    }

    /// The category of failure.
    public let kind: Kind
    /// A sentence describing the failure in Gantry's terms.
    public let message: String
    /// The repository involved, if any.
    public let repository: String?
    /// The ref, revision or path involved, if any.
    public let subject: String?
    /// libgit2's message for the failing call, if libgit2 failed.
    public let libraryMessage: String?

    public init(_ kind: Kind, _ message: String, repository: String? = nil, subject: String? = nil,
                libraryMessage: String? = nil) {
        self.kind = kind
        self.message = message
        self.repository = repository
        self.subject = subject
        self.libraryMessage = libraryMessage
    }

    /// A repository or ref that is not there, or an argument that cannot work, is a usage error;
    /// a failing file system or library is infrastructure.
    public var severity: Severity {
        switch kind {
        case .io, .library, .remote: .infrastructure
        case .notARepository, .notFound, .ambiguous, .wrongType, .invalidArgument, .malformedRefUpdate, .hookConflict: .usage
        }
    }

    public var description: String {
        var text = message
        if let repository { text += " (repository \(repository))" }
        if let libraryMessage, !libraryMessage.isEmpty { text += ": \(libraryMessage)" }
        return text
    }
}

extension GitError {
    /// Builds an error from a failed libgit2 call.
    ///
    /// Must run on the thread that made the call: `git_error_last()` is thread-local and the next
    /// libgit2 call on this thread may replace it.
    static func library(_ rc: Int32, _ function: String, _ what: String,
                        repository: String?, subject: String?) -> GitError {
        let detail: String
        if let last = git_error_last(), let text = last.pointee.message {
            detail = String(cString: text)
        } else {
            detail = "\(function) returned \(rc)"
        }
        let kind: Kind
        switch rc {
        case GIT_ENOTFOUND.rawValue: kind = .notFound
        case GIT_EAMBIGUOUS.rawValue: kind = .ambiguous
        case GIT_EINVALIDSPEC.rawValue: kind = .invalidArgument
        case GIT_EPEEL.rawValue, GIT_EINVALID.rawValue: kind = .wrongType
        default: kind = .library
        }
        return GitError(kind, what, repository: repository, subject: subject, libraryMessage: detail)
    }
}

/// Throws a ``GitError`` when a libgit2 call failed (a negative return code).
///
/// - Parameters:
///   - rc: the return code of the call.
///   - function: the libgit2 function, used only when libgit2 left no message.
///   - what: what Gantry was doing, e.g. "cannot resolve 'main'".
@inline(__always)
func check(_ rc: Int32, _ function: String, _ what: @autoclosure () -> String,
           repository: String? = nil, subject: String? = nil) throws {
    if rc < 0 {
        throw GitError.library(rc, function, what(), repository: repository, subject: subject)
    }
}
