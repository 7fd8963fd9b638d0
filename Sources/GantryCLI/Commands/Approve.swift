import ArgumentParser
import Foundation
import GantryEngine

/// `gantry approve`: one approval from the acting OS user for an open promotion request.
struct Approve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a promotion request.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment of the promotion request.") var environment: String
    @Option(help: ArgumentHelp("Artifact tag being approved.", valueName: "tag")) var artifact: String
    @Option(help: "A comment recorded with the approval.") var comment: String?
    @Flag(help: "Approve without asking (required when standard input is not a terminal).") var yes = false
    @Flag(help: "Run the promotion when this approval completes the quorum.") var run = false

    func run() async throws {
        // Nobody can answer the question without a terminal: say so instead of approving silently.
        if !yes && isatty(STDIN_FILENO) != 1 {
            throw CLIError.usage(Self.needsYes(pipeline: pipeline, environment: environment, artifact: artifact))
        }
        let context = CommandContext(global)
        let loaded = try context.pipeline(named: pipeline)
        let engine = try context.engine(trapSignals: run)
        if !yes {
            // stdout stays one JSON document under --json, so the question goes to stderr then.
            let screen = !global.json && isatty(STDOUT_FILENO) == 1 ? FileHandle.standardOutput : FileHandle.standardError
            let preview = try engine.approvalPreview(loaded, environment: environment, artifact: artifact)
            let text = ApprovalPreviewText.render(preview, pipeline: pipeline, environment: environment, user: engine.actor)
            screen.write(Data((text + "\nApprove? [y/N] ").utf8))
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard answer == "y" || answer == "yes" else {
                Terminal.error("gantry: not approved")
                throw CLIError.exit(.refused)
            }
        }
        let result = try engine.approve(loaded, environment: environment, artifact: artifact, comment: comment)
        var promoted: Engine.RunResult?
        if !global.json { Terminal.out(result.message) }
        if run && result.outcome != .recorded && result.status.isApproved {
            promoted = try await engine.promote(loaded, to: environment, artifact: artifact)
        }
        if global.json {
            // One document: the approval, and the run it started when there was one.
            Terminal.out(try JSONOutput.encode(JSONValue.object([
                "outcome": .string(result.outcome.rawValue),
                "message": .string(result.message),
                "request": Documents.request(result.request, approvedBy: result.status.counted, missing: result.status.missing,
                                             mayApprove: result.status.candidates.description),
                "run": promoted.map(Documents.run) ?? .null,
            ])))
            if let promoted { throw CLIError.exit(ExitStatus(promoted.outcome, signal: promoted.signal)) }
            return
        }
        if let promoted { try RunOutput.finish(promoted, context: context) }
    }
}

extension Approve {
    /// The refusal of `approve` without `--yes` when standard input is not a terminal (exit 2).
    static func needsYes(pipeline: String, environment: String, artifact: String) -> String {
        "gantry: error: approve asks for confirmation, but standard input is not a terminal; "
            + "add --yes to approve \(pipeline):\(artifact) for \(environment) without being asked"
    }
}

/// The confirmation screen of `gantry approve`.
enum ApprovalPreviewText {
    static func render(_ preview: Engine.ApprovalPreview, pipeline: String, environment: String, user: String) -> String {
        var lines = ["\(user), you are approving \(pipeline):\(preview.artifact.tag) for \(environment)"]
        if let requester = preview.requester { lines.append("  requested by  \(requester)") }
        lines.append("  commit        \(preview.commit.map { "\($0.shortSha) \($0.summary) (\($0.authorName))" } ?? preview.artifact.commit)")
        if let digest = preview.artifact.digest { lines.append("  digest        \(digest)") }
        lines.append("  running now   \(preview.running ?? "nothing")")
        if let note = preview.repositoryNote {
            lines.append("  (\(note))")
        } else {
            lines.append("  commits since what runs there now: \(preview.newCommits.count)\(preview.newCommitsTruncated ? "+" : "")")
            for commit in preview.newCommits { lines.append("    \(commit.shortSha) \(commit.summary)") }
            if !preview.newMigrations.isEmpty {
                lines.append("  pending migrations (not yet applied in \(environment)): " + preview.newMigrations.joined(separator: ", "))
            }
            for problem in preview.migrationProblems { lines.append("  migration ledger refuses: \(problem)") }
        }
        return lines.joined(separator: "\n")
    }
}
