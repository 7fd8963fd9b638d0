import Foundation
import GantryShell

/// The `post-receive` hook that feeds pushes to `gantry trigger`.
///
/// The hook names the pipelines folder and state path of the operator's choosing, as absolute
/// paths: pipelines are never read from the pushed commit, so a push cannot loosen its own gates.
public struct PostReceiveHook: Sendable, Hashable {
    /// Where a hook that was already installed is kept, in the same `hooks/` folder, and chained.
    public static let chainedHookName = "post-receive.pre-gantry"
    /// The line that marks a hook as written by Gantry (re-installing rewrites such a hook in place).
    static let marker = "# gantry-managed-hook: post-receive"

    /// The absolute path of the `gantry` executable the hook runs.
    public let gantryExecutable: String
    /// The absolute pipelines folder given to `gantry trigger --pipelines`.
    public let pipelinesDirectory: String
    /// The absolute state path given to `gantry trigger --state`.
    public let statePath: String

    /// - Parameters:
    ///   - gantryExecutable: the absolute path of the `gantry` executable the hook runs.
    ///   - pipelinesDirectory: the absolute path passed as `--pipelines`.
    ///   - statePath: the absolute path passed as `--state`.
    /// - Throws: ``GitError`` `.invalidArgument` when a path is not absolute: a hook runs in the
    ///   repository's folder, where a relative path would mean something else.
    public init(gantryExecutable: String, pipelinesDirectory: String, statePath: String) throws {
        for (label, value) in [("gantry executable", gantryExecutable), ("pipelines folder", pipelinesDirectory),
                               ("state path", statePath)] where !value.hasPrefix("/") || value.contains("\0") {
            throw GitError(.invalidArgument, "the \(label) must be an absolute path, not '\(value)'", subject: value)
        }
        self.gantryExecutable = gantryExecutable
        self.pipelinesDirectory = pipelinesDirectory
        self.statePath = statePath
    }

    /// The `gantry trigger` command line, each path shell-quoted.
    public var triggerCommand: String {
        [ShellQuote.quote(gantryExecutable), "trigger",
         "--pipelines", ShellQuote.quote(pipelinesDirectory),
         "--state", ShellQuote.quote(statePath)].joined(separator: " ")
    }

    /// The hook script.
    ///
    /// - Parameter chained: whether a previous hook lives beside it as ``chainedHookName``. Then the
    ///   input is saved once and given to both, the previous hook first; the exit status is the
    ///   worse of the two.
    public func script(chained: Bool) -> String {
        let header = """
            #!/bin/sh
            \(Self.marker)
            # Written by `gantry hooks install`; running it again rewrites this file.
            # Pipelines and state come from the operator's folders, never from the pushed commit.

            """
        guard chained else { return header + "exec \(triggerCommand)\n" }
        return header + """
            # The hook that was here before runs first, with the same input.
            previous="$(dirname "$0")/\(Self.chainedHookName)"
            input=$(mktemp "${TMPDIR:-/tmp}/gantry-post-receive.XXXXXX") || exit 1
            trap 'rm -f "$input"' EXIT
            cat >"$input"
            status=0
            if [ -x "$previous" ]; then
                "$previous" "$@" <"$input" || status=$?
            fi
            gantry_status=0
            \(triggerCommand) <"$input" || gantry_status=$?
            [ "$gantry_status" -gt "$status" ] && status=$gantry_status
            exit "$status"

            """
    }

    /// Whether `contents` is a hook this type wrote.
    static func isOurs(_ contents: Data) -> Bool {
        contents.range(of: Data(marker.utf8)) != nil
    }
}
