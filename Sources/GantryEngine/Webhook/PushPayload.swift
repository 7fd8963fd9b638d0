import Foundation
import GantryGit
import GantryModel

/// What a verified push delivery says: which repository, and which ref moved from what to what.
///
/// Only the few fields Gantry needs are read, the same way for each provider's JSON: GitHub and
/// Gitea put the repository under `repository` (`full_name`, `clone_url`, `ssh_url`), GitLab under
/// `project` (`path_with_namespace`, `git_ssh_url`, `git_http_url`); all three send `ref`,
/// `before` and `after`.
public struct PushPayload: Sendable, Equatable {
    /// `org/app` (GitLab: `group/subgroup/app`).
    public var repository: String
    /// Every URL the payload gives for the repository.
    public var urls: [String]
    public var update: RefUpdate

    /// Why a payload is unusable, for the 400 answer.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Reads a verified body.
    public init(provider: WebhookSettings.Provider, body: [UInt8]) throws(Problem) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw Problem(description: "the body is not a JSON object")
        }
        guard let ref = object["ref"] as? String, let before = object["before"] as? String,
              let after = object["after"] as? String else {
            throw Problem(description: "the push has no 'ref', 'before' and 'after'")
        }
        let container: [String: Any]?
        let nameKey: String
        let urlKeys: [String]
        switch provider {
        case .github, .gitea:
            container = object["repository"] as? [String: Any]
            nameKey = "full_name"
            urlKeys = ["ssh_url", "clone_url", "git_url", "html_url"]
        case .gitlab:
            container = (object["project"] as? [String: Any]) ?? (object["repository"] as? [String: Any])
            nameKey = "path_with_namespace"
            urlKeys = ["git_ssh_url", "git_http_url", "url", "web_url"]
        }
        guard let container, let name = container[nameKey] as? String, !name.isEmpty else {
            throw Problem(description: "the push names no repository ('\(nameKey)')")
        }
        guard Self.isSHA(before), Self.isSHA(after), ref.hasPrefix("refs/"), !ref.contains("\n"), !ref.contains(" ") else {
            throw Problem(description: "the push's 'ref', 'before' or 'after' is not a ref name and two object ids")
        }
        repository = name
        urls = urlKeys.compactMap { container[$0] as? String }
        update = RefUpdate(oldSha: before.lowercased(), newSha: after.lowercased(), refName: ref)
    }

    /// Whether this push is about the repository `remote` names (by path, or by an exact URL).
    public func concerns(_ webhook: WebhookSettings) -> Bool {
        if urls.contains(webhook.remote) { return true }
        let mine = webhook.repositoryPath.lowercased()
        let theirs = repository.lowercased()
        return mine == theirs || mine.hasSuffix("/" + theirs)
    }

    static func isSHA(_ text: String) -> Bool {
        text.utf8.count == 40 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) }
    }
}

/// The kind of event a provider says it sent.
public enum WebhookEvent: Equatable, Sendable {
    case push
    /// GitHub's greeting when a webhook is created.
    case ping
    case other(String)

    /// Reads `X-GitHub-Event`, `X-Gitea-Event` or `X-Gitlab-Event` (names lower-cased).
    public init(_ provider: WebhookSettings.Provider, headers: [String: String]) {
        switch provider {
        case .github:
            let name = headers["x-github-event"] ?? ""
            self = name == "push" ? .push : (name == "ping" ? .ping : .other(name))
        case .gitea:
            let name = headers["x-gitea-event"] ?? ""
            self = name == "push" ? .push : .other(name)
        case .gitlab:
            let name = headers["x-gitlab-event"] ?? ""
            self = name == "Push Hook" || name == "Tag Push Hook" ? .push : .other(name)
        }
    }
}
