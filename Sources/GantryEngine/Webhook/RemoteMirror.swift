import Crypto
import Foundation
import GantryShell
import GantryGit
import GantryModel
import GantrySSH
import GantryStore
import Logging

/// The bare repository beside the state that mirrors a webhook pipeline's remote, and how the
/// remote is reached.
///
/// For a webhook, "the repository a push arrived in" is this mirror: pushed refs are fetched
/// into it, and the trigger then runs exactly as the post-receive hook does in a bare repository
/// (the pipeline's `repository` is the mirror for that run, so the trigger planner's repository
/// match, the build's export and the tag lookup all read the mirror).
enum RemoteMirror {
    /// `<state folder>/mirrors/<name>-<12 hex of SHA-256(remote)>.git`: one per remote, shared by
    /// the pipelines that name the same remote.
    static func path(for webhook: WebhookSettings, statePath: String) -> String {
        let digest = Hex.encode(SHA256.hash(data: Array(webhook.remote.utf8))).prefix(12)
        let last = webhook.repositoryPath.split(separator: "/").last.map(String.init) ?? "remote"
        let name = String(last.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" })
        return PathText.join(PathText.parent(PathText.join(FileManager.default.currentDirectoryPath, statePath)), "mirrors/\(name)-\(digest).git")
    }

    /// How to reach the remote: the pipeline's `ssh.identity` as the deploy key, and its
    /// `ssh.known_hosts` (default `~/.ssh/known_hosts`) checked with the rules of every SSH
    /// connection Gantry makes.
    static func access(_ pipeline: Pipeline, _ webhook: WebhookSettings, logger: Logger) -> GitRemoteAccess {
        let knownHosts = pipeline.ssh.knownHosts ?? "~/.ssh/known_hosts"
        let name = "the remote of \(pipeline.name)"
        let url = webhook.remote.hasPrefix("/") ? "file://" + webhook.remote : webhook.remote
        return GitRemoteAccess(url: url, identity: pipeline.ssh.identity.map(PathText.expandingTilde)) { key in
            try HostKeyCheck.verify(name: name, address: key.host, port: key.port, knownHosts: knownHosts,
                                    keyBlob: key.blob, logger: logger)
        }
    }
}

extension Engine {
    /// `pipeline` as the webhook path runs it: its repository is the mirror of its remote.
    public func mirrored(_ pipeline: Pipeline) -> Pipeline {
        guard let webhook = pipeline.webhook else { return pipeline }
        var copy = pipeline
        copy.repository = RemoteMirror.path(for: webhook, statePath: store.path)
        return copy
    }
}
