import Foundation

/// A failed git (or other) command run by the test fixtures.
public struct CommandFailure: Error, CustomStringConvertible {
    public let command: [String]
    public let status: Int32
    public let output: String
    public let errorOutput: String
    public var description: String {
        "`\(command.joined(separator: " "))` exited \(status): \(errorOutput.isEmpty ? output : errorOutput)"
    }
}

/// Runs git and other commands for tests, isolated from the machine's git configuration.
public enum GitCLI {
    /// The environment every fixture command runs with: no global or system git configuration,
    /// fixed author and committer, so commits are reproducible and tests never depend on the host.
    public static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_AUTHOR_NAME"] = "Ada Tester"
        env["GIT_AUTHOR_EMAIL"] = "ada@example.com"
        env["GIT_COMMITTER_NAME"] = "Ada Tester"
        env["GIT_COMMITTER_EMAIL"] = "ada@example.com"
        env["GIT_TERMINAL_PROMPT"] = "0"
        return env
    }

    /// Runs `git args…` in `directory` and returns its standard output.
    /// - Throws: ``CommandFailure`` when git exits non-zero.
    @discardableResult
    public static func git(_ args: [String], in directory: String, stdin: String? = nil,
                           environment extra: [String: String] = [:]) throws -> String {
        try run(["git"] + args, in: directory, stdin: stdin, environment: extra)
    }

    /// Runs any command (found on PATH) in `directory` with ``environment`` plus `extra`.
    /// Output is read by threads of its own, so large outputs cannot dead-lock on a full pipe.
    @discardableResult
    public static func run(_ command: [String], in directory: String, stdin: String? = nil,
                           environment extra: [String: String] = [:]) throws -> String {
        let result = try ChildProcess.run(command[0], Array(command.dropFirst()), in: directory,
                                          environment: environment.merging(extra) { $1 }, stdin: stdin.map { Data($0.utf8) })
        let output = result.stdout
        guard result.status == 0 else {
            throw CommandFailure(command: command, status: result.status, output: output, errorOutput: result.stderr)
        }
        return output
    }
}

/// A git repository in a temporary folder, made and changed with the git CLI; removed on release.
///
/// ```swift
/// let repo = try GitFixture.make()                       // work tree on branch main
/// let first = try repo.commit("init", files: ["run.sh": "#!/bin/sh\n"], executable: ["run.sh"])
/// try repo.tag("v1.0", message: "release")              // annotated; no message = lightweight
/// let remote = try GitFixture.make(bare: true)
/// try repo.git("push", remote.path, "main")
/// ```
public final class GitFixture: @unchecked Sendable {
    /// Keeps the folder alive as long as the fixture.
    public let directory: TemporaryDirectory
    /// The work tree, or the repository itself when bare.
    public var path: String { directory.path }
    /// The git directory: `path` when bare, else `path/.git`.
    public var gitDirectory: String { isBare ? path : path + "/.git" }
    public let isBare: Bool

    private init(directory: TemporaryDirectory, isBare: Bool) {
        self.directory = directory
        self.isBare = isBare
    }

    /// Creates an empty repository (`git init -b main`, bare or not) in a new temporary folder.
    public static func make(bare: Bool = false, initialBranch: String = "main") throws -> GitFixture {
        let directory = try TemporaryDirectory(prefix: bare ? "gantry-bare" : "gantry-repo")
        var args = ["init", "-q", "-b", initialBranch]
        if bare { args.append("--bare") }
        try GitCLI.git(args + ["."], in: directory.path)
        return GitFixture(directory: directory, isBare: bare)
    }

    /// Runs git in the repository and returns its standard output.
    @discardableResult
    public func git(_ args: String..., stdin: String? = nil, environment: [String: String] = [:]) throws -> String {
        try GitCLI.git(args, in: path, stdin: stdin, environment: environment)
    }

    /// Runs git and returns its output without surrounding whitespace (for shas and names).
    public func gitLine(_ args: String...) throws -> String {
        try GitCLI.git(args, in: path).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a file in the work tree (folders created as needed), optionally executable.
    public func write(_ relativePath: String, _ contents: String, executable: Bool = false) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: url.path)
    }

    /// Creates a symbolic link in the work tree pointing at `target` (stored as given).
    public func symlink(_ relativePath: String, to target: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
    }

    /// Writes `files` (path → contents), stages everything and commits; returns the new commit's sha.
    ///
    /// - Parameters:
    ///   - executable: paths among `files` to write with mode 0755.
    ///   - date: the author and committer date (git date syntax), for a deterministic order.
    @discardableResult
    public func commit(_ message: String, files: [String: String] = [:], executable: Set<String> = [],
                       date: String? = nil) throws -> String {
        for (file, contents) in files.sorted(by: { $0.key < $1.key }) {
            try write(file, contents, executable: executable.contains(file))
        }
        try git("add", "-A")
        var env: [String: String] = [:]
        if let date { env = ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date] }
        try GitCLI.git(["commit", "-q", "--allow-empty", "-m", message], in: path, environment: env)
        return try sha("HEAD")
    }

    /// Creates a tag at `revision`: annotated when `message` is given, lightweight otherwise.
    public func tag(_ name: String, at revision: String = "HEAD", message: String? = nil) throws {
        if let message { try git("tag", "-a", name, "-m", message, revision) } else { try git("tag", name, revision) }
    }

    /// The full sha `revision` resolves to (`git rev-parse`), e.g. a tag object for an annotated tag.
    public func sha(_ revision: String) throws -> String {
        try gitLine("rev-parse", "--verify", revision)
    }

    /// Makes `hooks/<name>` in the git directory with `script` as its contents, mode 0755.
    public func writeHook(_ name: String, _ script: String) throws {
        let hooks = URL(fileURLWithPath: gitDirectory).appendingPathComponent("hooks")
        try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
        let url = hooks.appendingPathComponent(name)
        try Data(script.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }
}
