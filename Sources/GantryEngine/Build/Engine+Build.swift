import Foundation
import GantryGit
import GantryModel
import GantryStore

extension Engine {
    /// What `gantry build` did.
    public struct BuildResult: Sendable {
        public enum Outcome: String, Sendable, Codable {
            case built
            /// The tag was already recorded for this commit: nothing was built again.
            case alreadyBuilt = "already-built"
        }

        public var outcome: Outcome
        public var artifact: Artifact
        public var message: String
    }

    /// Builds and records the artifact of one commit, once.
    ///
    /// The build runs in a clean export of the commit's tree (never the caller's working tree),
    /// so the artifact can be rebuilt from its commit alone. Building a tag again for the same
    /// commit is a no-op that says so; for another commit it is refused.
    /// - Parameters:
    ///   - ref: a branch, tag or sha; default `HEAD` of the pipeline's repository.
    ///   - branch: the branch the commit was pushed to, for `${git.branch}` (hooks know it; a
    ///     `ref` that names a branch gives it too). Without one, `${git.branch}` is an error.
    ///   - gitTag: the tag being built, for `${git.tag}`; else `ref` when it is a tag, else the
    ///     newest tag at the commit. An untagged commit has no `${git.tag}`.
    public func build(_ pipeline: Pipeline, ref: String? = nil, branch: String? = nil,
                      tag gitTag: String? = nil) async throws(EngineError) -> BuildResult {
        let repository = try openRepository(pipeline)
        let revision = ref ?? "HEAD"
        let commit = try engineCall { try repository.commit(revision) }
        let buildEnv = pipeline.firstEntryEnvironment
        var context = RenderContext()
        if let buildEnv { context = pipeline.renderContext(for: buildEnv) }
        context[.gitSHA] = commit.sha
        context[.gitShortSHA] = commit.shortSha
        let namedBranch = ref.flatMap { ref in
            (try? repository.branches())?.first { $0.name == ref || $0.refName == ref }?.name
        }
        context[.gitBranch] = branch ?? namedBranch
        let tagsHere = (try? repository.tags().filter { $0.commitSha == commit.sha }.map(\.name)) ?? []
        context[.gitTag] = gitTag ?? (ref.flatMap { tagsHere.contains($0) ? $0 : nil } ?? tagsHere.sorted().last)
        let tag = try engineCall { try pipeline.artifact.tag.renderFile(context) }
        guard !tag.isEmpty, !tag.contains("/"), !tag.hasPrefix(".") else {
            throw .configuration("artifact tag '\(tag)' rendered from '\(pipeline.artifact.tag.source)' for \(commit.shortSha) "
                + "is not usable (empty, a path, or hidden)" + (tag.isEmpty ? "; is the commit tagged?" : ""))
        }

        if let existing = try engineCall({ try store.artifact(pipeline: pipeline.name, tag: tag) }) {
            guard existing.commit == commit.sha else {
                throw .refused("artifact \(pipeline.name):\(tag) was built from \(existing.commit.prefix(7)); "
                    + "refusing to build it again from \(commit.shortSha) (a tag is built once)")
            }
            return BuildResult(outcome: .alreadyBuilt, artifact: existing,
                               message: "\(pipeline.name):\(tag) is already built from \(commit.shortSha); nothing to do")
        }

        // Only the secrets `build:` and `digest:` reference, for the first entry environment; they
        // reach the commands as variables (see BuildEnvironment), never in their command lines.
        var secretValues: [String: String] = [:]
        let referenced = BuildEnvironment.secretNames(in: pipeline.artifact.build)
            + BuildEnvironment.secretNames(in: pipeline.artifact.digest)
        if !referenced.isEmpty, let buildEnv {
            secretValues = try resolveSecrets(Array(Set(referenced)).sorted(), env: buildEnv)
        }
        context.secretVariablePrefix = BuildEnvironment.secretPrefix
        context[.artifactTag] = tag
        let masker = SecretMasker(secrets: secretValues.values)
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-build-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: workspace) }
        _ = try engineCall { try repository.exportTree(of: commit.sha, to: workspace.path) }

        if let build = pipeline.artifact.build {
            let command = try engineCall { try build.renderCommand(context) }
            observer(.note("building \(pipeline.name):\(tag) from \(commit.shortSha) in a clean export"))
            let observer = self.observer
            let result: LocalCommandResult
            do {
                result = try await LocalCommand.run(command, in: workspace,
                                                    environment: BuildEnvironment.forCommand(build, secrets: secretValues)) { channel, line in
                    observer(.rollout(.output(host: "build", channel: channel, line: masker.mask(line))))
                }
            } catch {
                throw EngineError.wrap(error)
            }
            if result.outputLeftOpen {
                observer(.note("the build left a process running that holds its output; "
                    + "Gantry stopped reading it when the build's shell exited"))
            }
            guard result.succeeded else {
                _ = try? store.appendAudit(audit("build", pipeline: pipeline.name, environment: nil, artifact: tag,
                                                 outcome: "failed", details: "exit \(result.exitStatus) at \(commit.shortSha)"))
                throw EngineError(.failed, "build of \(pipeline.name):\(tag) failed with exit status \(result.exitStatus)")
            }
        }

        var digest: String?
        var keptFile: String?
        if let file = pipeline.artifact.file {
            (keptFile, digest) = try keepArtifactFile(pipeline, tag: tag, built: workspace.appendingPathComponent(file))
        } else if let template = pipeline.artifact.digest {
            let command = try engineCall { try template.renderCommand(context) }
            let result: LocalCommandResult
            do {
                result = try await LocalCommand.run(command, in: workspace,
                                                    environment: BuildEnvironment.forCommand(template, secrets: secretValues))
            } catch {
                throw EngineError.wrap(error)
            }
            let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            guard result.succeeded, !text.isEmpty else {
                throw EngineError(.failed, "digest command for \(pipeline.name):\(tag) failed (exit \(result.exitStatus)): "
                    + masker.mask(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))
            }
            digest = text
        }

        let artifact = Artifact(pipeline: pipeline.name, tag: tag, commit: commit.sha, digest: digest, filePath: keptFile,
                                builtBy: actor, builtAt: clock.now())
        let recorded = try engineCall {
            try store.recordArtifact(artifact, audit: audit("build", pipeline: pipeline.name, environment: nil, artifact: tag,
                                                            outcome: "built", details: "commit \(commit.sha)"
                                                                + (digest.map { " digest \($0)" } ?? "")))
        }
        switch recorded {
        case let .recorded(saved):
            return BuildResult(outcome: .built, artifact: saved,
                               message: "built \(pipeline.name):\(tag) from \(commit.shortSha)" + (digest.map { " (\($0))" } ?? ""))
        case let .alreadyRecorded(saved):
            return BuildResult(outcome: .alreadyBuilt, artifact: saved, message: "\(pipeline.name):\(tag) was recorded meanwhile")
        }
    }

    /// The pipeline's repository: `repository:`, else the one containing the pipelines folder.
    public func openRepository(_ pipeline: Pipeline) throws(EngineError) -> GitRepository {
        if let path = pipeline.repository {
            return try engineCall { try GitRepository(path: path) }
        }
        return try engineCall { try GitRepository.discover(containing: pipeline.projectRoot) }
    }

    /// Copies the built file into the artifact store beside the state; returns (path, digest).
    private func keepArtifactFile(_ pipeline: Pipeline, tag: String, built: URL) throws(EngineError) -> (String, String) {
        guard FileManager.default.fileExists(atPath: built.path) else {
            throw EngineError(.failed, "the build did not produce artifact.file '\(pipeline.artifact.file ?? "")'")
        }
        let folder = URL(fileURLWithPath: store.path).deletingLastPathComponent()
            .appendingPathComponent("artifacts").appendingPathComponent(pipeline.name).appendingPathComponent(tag)
        let kept = folder.appendingPathComponent(built.lastPathComponent)
        return try engineCall {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: kept.path) { try FileManager.default.removeItem(at: kept) }
            try FileManager.default.copyItem(at: built, to: kept)
            return (kept.path, "sha256:" + (try FileDigest.sha256(of: kept)))
        }
    }
}
