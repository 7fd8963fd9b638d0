import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What installing the post-receive hook did.
public struct HookInstallation: Sendable, Hashable {
    /// What happened to `hooks/post-receive`.
    public enum Outcome: Sendable, Hashable {
        /// There was no hook; Gantry's is now there.
        case installed
        /// Gantry's hook was there and has been rewritten in place.
        case updated
        /// Another hook was there: it was moved to ``PostReceiveHook/chainedHookName`` and runs first.
        case chained
    }

    /// What happened to `hooks/post-receive`.
    public let outcome: Outcome
    /// The hook written, `<git dir>/hooks/post-receive`.
    public let hookPath: String
    /// The previous hook the new one runs first, if any.
    public let chainedHookPath: String?
}

extension PostReceiveHook {
    /// Writes `hooks/post-receive` (mode 0755) into the repository at `gitDirectory`.
    ///
    /// A hook that Gantry did not write is kept: it is moved to ``chainedHookName`` and the new hook
    /// runs it first with the same input. Re-installing rewrites Gantry's hook in place.
    /// - Parameter gitDirectory: a bare repository, a work tree's `.git`, or a work tree.
    /// - Throws: ``GitError`` `.notARepository` when `gitDirectory` is not a repository;
    ///   `.hookConflict` when a foreign hook is there and ``chainedHookName`` is taken too, or when
    ///   `core.hooksPath` sends git elsewhere; `.io` when writing fails.
    @discardableResult
    public func install(into gitDirectory: String) throws -> HookInstallation {
        let repository: GitRepository
        do {
            repository = try GitRepository(path: gitDirectory)
        } catch let error as GitError {
            throw GitError(.notARepository, "\(gitDirectory) is not a git repository; give a bare repository or a work tree's .git",
                           subject: gitDirectory, libraryMessage: error.libraryMessage)
        }
        if let hooksPath = try repository.configString("core.hooksPath") {
            throw GitError(.hookConflict, "core.hooksPath is set to '\(hooksPath)', so git would not run hooks/post-receive; unset it or install the hook there yourself",
                           repository: repository.displayName, subject: hooksPath)
        }
        let hooks = URL(fileURLWithPath: repository.commonDirectory).appendingPathComponent("hooks")
        try run("create", hooks.path) {
            try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
        }
        let hook = hooks.appendingPathComponent("post-receive")
        let previous = hooks.appendingPathComponent(Self.chainedHookName)
        var outcome = HookInstallation.Outcome.installed
        if exists(hook.path) {
            if let contents = try? Data(contentsOf: hook), Self.isOurs(contents) {
                outcome = .updated
            } else {
                guard !exists(previous.path) else {
                    throw GitError(.hookConflict, "\(hook.path) is not Gantry's and \(previous.path) already exists; move one of them away and install again",
                                   repository: repository.displayName, subject: hook.path)
                }
                guard rename(hook.path, previous.path) == 0 else { throw ioError("cannot move the existing hook", hook.path) }
                outcome = .chained
            }
        }
        let chained = exists(previous.path)
        try writeAtomically(script(chained: chained), to: hook)
        return HookInstallation(outcome: outcome, hookPath: hook.path, chainedHookPath: chained ? previous.path : nil)
    }

    /// Writes beside the target, then renames: git never runs a half-written hook.
    private func writeAtomically(_ text: String, to hook: URL) throws {
        let temporary = hook.deletingLastPathComponent().appendingPathComponent(".post-receive.gantry-\(getpid())")
        try run("write", temporary.path) { try Data(text.utf8).write(to: temporary) }
        guard chmod(temporary.path, 0o755) == 0 else {
            let error = ioError("cannot make executable", temporary.path)
            unlink(temporary.path)
            throw error
        }
        guard rename(temporary.path, hook.path) == 0 else {
            let error = ioError("cannot install", hook.path)
            unlink(temporary.path)
            throw error
        }
    }

    /// Whether anything (a file, a dangling symlink) is at `path`.
    private func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private func run(_ what: String, _ path: String, _ body: () throws -> Void) throws {
        do { try body() } catch {
            throw GitError(.io, "cannot \(what) \(path): \(error.localizedDescription)", subject: path)
        }
    }

    private func ioError(_ what: String, _ path: String) -> GitError {
        GitError(.io, "\(what) \(path): \(String(cString: strerror(errno)))", subject: path)
    }
}
