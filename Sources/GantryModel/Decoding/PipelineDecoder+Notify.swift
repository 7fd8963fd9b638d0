/// `notify:` — notification targets, at the top of a pipeline or in an environment.
extension PipelineDecoder {
    static let notifyKeys = ["url", "format", "on"]

    /// - Parameter environment: the environment the list belongs to; nil for the pipeline's own.
    func decodeNotify(_ node: YNode?, in environment: String?) -> [NotifyTarget] {
        guard let node else { return [] }
        let place = environment.map { "'notify' of environment '\($0)'" } ?? "'notify'"
        guard let items = node.items else {
            context.typeError(node, expected: "a list of { url, format, on } entries", for: "notify")
            return []
        }
        var seen: [String: SourceLocation] = [:]
        return items.compactMap { item -> NotifyTarget? in
            guard let map = context.mapping(item, keys: Self.notifyKeys, in: place, name: "notify entry") else { return nil }
            guard let urlNode = map["url"] else {
                context.error("notify entry needs 'url' (where to POST, e.g. \"${secrets.SLACK_WEBHOOK}\")", at: item.location)
                return nil
            }
            guard let url = context.template(urlNode, "url") else { return nil }
            checkURL(url, at: urlNode)
            if let first = seen[url.source] {
                context.error("notify url '\(url.source)' is listed twice in \(place) (first at line \(first.line))",
                              at: urlNode.location)
                return nil
            }
            seen[url.source] = urlNode.location
            let format = notifyFormat(map["format"]) ?? .json
            return NotifyTarget(url: url, format: format, events: notifyEvents(map["on"]), location: item.location)
        }
    }

    /// A URL may name secrets, vars and the environment; it must be http or https.
    private func checkURL(_ url: Template, at node: YNode) {
        for reference in url.references {
            switch reference {
            case .secret, .variable, .envName: continue
            default:
                context.error("'notify.url' may refer only to secrets, vars and env.name, not '${\(reference)}'",
                              at: node.location)
            }
        }
        guard case .literal(let text)? = url.segments.first else {
            if url.segments.isEmpty { context.error("'notify.url' is empty", at: node.location) }
            return   // starts with a reference: the scheme is checked when the URL is known
        }
        let lower = text.lowercased()
        let schemes = ["https://", "http://"]
        let complete = url.segments.count == 1
        let ok = schemes.contains { lower.hasPrefix($0) || (!complete && $0.hasPrefix(lower)) }
        if !ok {
            context.error("'notify.url' must be an http:// or https:// URL, found '\(url.source)'", at: node.location)
        } else if complete, schemes.contains(where: { lower == $0 }) {
            context.error("'notify.url' '\(url.source)' names no host", at: node.location)
        }
    }

    private func notifyFormat(_ node: YNode?) -> NotifyTarget.Format? {
        guard let text = context.string(node, "format"), let node else { return nil }
        if let format = NotifyTarget.Format(rawValue: text) { return format }
        let names = NotifyTarget.Format.allCases.map(\.rawValue)
        context.error("'format' must be " + names.map { "'\($0)'" }.joined(separator: " or ") + ", found '\(text)'"
                      + Suggestion.hint(for: text, among: names), at: node.location)
        return nil
    }

    /// The events listed under `on:`; every event when `on:` is absent. `on: []` is nothing.
    private func notifyEvents(_ node: YNode?) -> [NotifyEvent] {
        guard let node else { return NotifyEvent.allCases }
        guard let list = context.stringList(node, "on", allowSingle: true) else { return [] }
        let names = NotifyEvent.allCases.map(\.rawValue)
        var events: [NotifyEvent] = []
        for (name, item) in list {
            guard let event = NotifyEvent(rawValue: name) else {
                context.error("unknown event '\(name)' in 'on'" + Suggestion.hint(for: name, among: names, listing: "events"),
                              at: item.location)
                continue
            }
            if events.contains(event) {
                context.error("event '\(name)' is listed twice in 'on'", at: item.location)
                continue
            }
            events.append(event)
        }
        return events
    }
}
