import Foundation

/// A notification as a Slack incoming-webhook message: `text` (what the notification shows)
/// and `blocks` (the same, laid out).
enum SlackMessage {
    static func render(_ document: JSONValue, id: Int64) -> JSONValue {
        let event = document["event"]?.string ?? "event"
        let summary = document["summary"]?.string ?? event
        var blocks: [JSONValue] = [section("\(icon(event)) *\(escape(summary))*")]
        if let message = document["message"]?.string, !message.isEmpty, !summary.contains(message) {
            blocks.append(section("```\(escape(String(message.prefix(2800))))```"))
        }
        if let command = document["request"]?["approve_command"]?.string, event == "requested" {
            let who = document["request"]?["may_approve"]?.string.map { " (\(escape($0)))" } ?? ""
            blocks.append(section("Approve\(who) with:\n`\(escape(command))`"))
        }
        var facts = ["pipeline *\(escape(document["pipeline"]?.string ?? ""))*",
                     "environment *\(escape(document["environment"]?.string ?? ""))*"]
        if let artifact = document["artifact"]?.string { facts.append("artifact `\(escape(artifact))`") }
        if case let .int(deployment)? = document["deployment"]?["id"] { facts.append("deployment #\(deployment)") }
        if let actor = document["actor"]?.string { facts.append("by \(escape(actor))") }
        facts.append("gantry notification #\(id)")
        blocks.append(.object(["type": "context",
                               "elements": .array([.object(["type": "mrkdwn", "text": .string(facts.joined(separator: " · "))])])]))
        return .object(["text": .string(escape(summary)), "blocks": .array(blocks)])
    }

    private static func section(_ text: String) -> JSONValue {
        .object(["type": "section", "text": .object(["type": "mrkdwn", "text": .string(text)])])
    }

    /// Slack reads `&`, `<` and `>` as markup.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    private static func icon(_ event: String) -> String {
        switch event {
        case "requested": ":raising_hand:"
        case "approved": ":white_check_mark:"
        case "started": ":arrow_forward:"
        case "succeeded": ":large_green_circle:"
        case "failed": ":red_circle:"
        case "blocked": ":no_entry:"
        case "rolled_back": ":rewind:"
        default: ":bell:"
        }
    }
}
