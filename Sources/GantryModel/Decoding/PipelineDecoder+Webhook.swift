/// `webhook: { provider, secret, remote, reconcile }` and `serve: { token }`.
extension PipelineDecoder {
    static let webhookKeys = ["provider", "secret", "remote", "reconcile"]

    func decodeWebhook(_ node: YNode?, secrets: [String]) -> WebhookSettings? {
        guard let node, let map = context.mapping(node, keys: Self.webhookKeys, in: "'webhook'", name: "webhook") else {
            return nil
        }
        var complete = true
        for key in ["provider", "secret", "remote"] where map[key] == nil {
            context.error("'webhook' needs '\(key)'" + Self.webhookExample, at: node.location)
            complete = false
        }
        let provider = decodeProvider(map["provider"])
        let secret = secretName(map["secret"], "secret", secrets: secrets)
        let remote = decodeRemote(map["remote"])
        var reconcile = WebhookSettings.defaultReconcile
        if let reconcileNode = map["reconcile"], let seconds = context.duration(reconcileNode, "reconcile") {
            if seconds < WebhookSettings.shortestReconcile || seconds > WebhookSettings.longestReconcile {
                context.error("'reconcile' must be between \(DurationText.describe(WebhookSettings.shortestReconcile)) and "
                              + "\(DurationText.describe(WebhookSettings.longestReconcile)), found \(DurationText.describe(seconds))",
                              at: reconcileNode.location)
            } else {
                reconcile = seconds
            }
        }
        let environments = root["environments"]?.pairs ?? []
        if !environments.isEmpty, !environments.contains(where: { $0.value["branch"] != nil || $0.value["tags"] != nil }) {
            context.error("'webhook' triggers nothing: no environment has 'branch' or 'tags' (a push to an environment's "
                          + "branch deploys there; a pushed tag matching its 'tags' promotes there)", at: node.location)
        }
        guard complete, let provider, let secret, let remote else { return nil }
        return WebhookSettings(provider: provider, secret: secret, remote: remote, reconcile: reconcile, location: node.location)
    }

    func decodeServe(_ node: YNode?, secrets: [String]) -> ServeSettings? {
        guard let node, let map = context.mapping(node, keys: ["token"], in: "'serve'", name: "serve") else { return nil }
        return ServeSettings(token: secretName(map["token"], "token", secrets: secrets), location: node.location)
    }

    private static let webhookExample =
        " (e.g. webhook: { provider: github, secret: GITHUB_HOOK_SECRET, remote: git@github.com:org/app.git })"

    private func decodeProvider(_ node: YNode?) -> WebhookSettings.Provider? {
        guard let text = context.string(node, "provider"), let node else { return nil }
        if let provider = WebhookSettings.Provider(rawValue: text) { return provider }
        let known = WebhookSettings.Provider.allCases.map(\.rawValue)
        context.error("unknown provider '\(text)'" + Suggestion.hint(for: text, among: known, listing: "providers"), at: node.location)
        return nil
    }

    /// A name listed under `secrets:`: values are resolved as every secret is, never written in the file.
    private func secretName(_ node: YNode?, _ key: String, secrets: [String]) -> String? {
        guard let name = context.string(node, key), let node else { return nil }
        guard secrets.contains(name) else {
            let hint = Suggestion.closest(to: name, among: secrets).map { " (did you mean '\($0)'?)" }
                ?? " (declare it under 'secrets'; the value comes from GANTRY_SECRET_\(name) or a secrets file)"
            context.error("'\(key)' names secret '\(name)', which 'secrets' does not list" + hint, at: node.location)
            return nil
        }
        return name
    }

    /// An SSH URL, `user@host:path`, a `file://` URL or an absolute path; never HTTP(S).
    private func decodeRemote(_ node: YNode?) -> String? {
        guard let text = context.string(node, "remote"), let node else { return nil }
        let problem: String?
        if text.isEmpty || text.contains(where: { $0.isWhitespace || $0.isNewline }) {
            problem = "'remote' must be a URL or path without spaces, found '\(text)'"
        } else if text.hasPrefix("http://") || text.hasPrefix("https://") {
            problem = "'remote' '\(text)' is an HTTP URL; use the repository's SSH URL (e.g. git@github.com:org/app.git) "
                + "with a deploy key in 'ssh.identity'"
        } else if text.hasPrefix("ssh://") || text.hasPrefix("file://") || text.hasPrefix("/") {
            // After the scheme: `host[:port]` then the path for ssh://, the path itself otherwise.
            let rest = text.hasPrefix("ssh://") ? text.dropFirst(6).drop { $0 != "/" }
                : (text.hasPrefix("file://") ? text.dropFirst(7) : Substring(text))
            problem = rest.drop(while: { $0 == "/" }).isEmpty ? "'remote' '\(text)' names no repository path" : nil
        } else if let scheme = text.range(of: "://") {
            problem = "'remote' scheme '\(text[..<scheme.lowerBound])' is not supported (use ssh://, user@host:path, file:// or an absolute path)"
        } else if let colon = text.firstIndex(of: ":"), colon != text.startIndex, text[text.index(after: colon)...].count > 0 {
            problem = nil
        } else {
            problem = "'remote' '\(text)' is neither an SSH URL (git@host:org/app.git, ssh://…), a file:// URL nor an absolute path"
        }
        if let problem {
            context.error(problem, at: node.location)
            return nil
        }
        return text
    }
}
