import Foundation
import GantryGates
import GantryHTTP
import GantryStore

/// Sends one claimed outbox row and says how it went; it changes nothing in the store itself.
struct NotificationSender: Sendable {
    let settings: NotificationSettings
    let secrets: SecretResolver

    /// One attempt at `entry`.
    ///
    /// - Parameters:
    ///   - clock: the caller's clock; the next attempt's time counts from when this one ended, so
    ///     an attempt that timed out is never followed by a retry due before it ended.
    ///   - timeout: the longest the attempt may take.
    ///   - final: no further attempt follows (`gantry notify test`): a failure gives up.
    func send(_ entry: OutboxEntry, clock: any GantryClock, timeout: TimeInterval, final: Bool) async -> OutboxResult {
        let names = Self.secretNames(in: entry.message.url)
        let values: [String: String]
        do {
            values = try secrets.resolve(names, for: entry.message.environment)
        } catch {
            return .skipped(error: "the URL needs \(error.description)")
        }
        let url = Self.resolve(entry.message.url, values)
        // The URL itself (a webhook URL is a credential) and the secrets it holds never appear in what is sent or kept.
        let masker = SecretMasker(secrets: Array(values.values) + [url])
        guard let body = Self.body(entry, mask: masker.mask) else {
            return .failed(status: nil, error: "the stored notification document cannot be read")
        }
        let headers = [("Content-Type", "application/json; charset=utf-8"), ("User-Agent", "gantry"),
                       ("Idempotency-Key", entry.deliveryKey), ("X-Gantry-Delivery", String(entry.id)),
                       ("X-Gantry-Event", entry.message.event)]
        do {
            let answer = try await settings.transport.post(url, headers: headers, body: body,
                                                           timeout: .milliseconds(Int64(timeout * 1000)))
            return judge(answer, entry: entry, now: clock.now(), final: final, mask: masker.mask)
        } catch {
            switch error {
            case let .badURL(why):
                return .failed(status: nil, error: masker.mask(why))
            case .timedOut, .unreachable, .cancelled:
                return retry(entry, now: clock.now(), status: nil, error: masker.mask(error.description), after: nil, final: final)
            }
        }
    }

    /// 2xx delivers; 408, 425, 429 and 5xx are tried again; any other answer is a refusal that
    /// another attempt would not change.
    private func judge(_ answer: HTTPAnswer, entry: OutboxEntry, now: Date, final: Bool,
                       mask: (String) -> String) -> OutboxResult {
        if (200..<300).contains(answer.status) { return .delivered(status: answer.status) }
        let said = answer.body.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)
        let error = mask("HTTP \(answer.status)" + (said.isEmpty ? "" : ": \(said)"))
        if [408, 425, 429].contains(answer.status) || answer.status >= 500 {
            return retry(entry, now: now, status: answer.status, error: error, after: answer.retryAfter, final: final)
        }
        return .failed(status: answer.status, error: error)
    }

    private func retry(_ entry: OutboxEntry, now: Date, status: Int?, error: String, after: TimeInterval?,
                       final: Bool) -> OutboxResult {
        let next = now.addingTimeInterval(min(max(settings.retryDelay(afterAttempt: entry.attempts), after ?? 0),
                                              settings.longestRetry))
        if final || next.timeIntervalSince(entry.message.createdAt) > settings.giveUpAfter {
            return .failed(status: status, error: error)
        }
        return .retry(at: next, status: status, error: error)
    }

    /// What the receiver gets: Gantry's document with its id and key, or a Slack message.
    static func body(_ entry: OutboxEntry, mask: (String) -> String) -> [UInt8]? {
        guard let kept = try? JSONDecoder().decode(JSONValue.self, from: Data(entry.message.payload.utf8)) else { return nil }
        let document = entry.message.format == "slack"
            ? SlackMessage.render(kept, id: entry.id)
            : Documents.delivered(kept, id: entry.id, key: entry.deliveryKey)
        return (try? JSONOutput.encode(document.masked(by: mask))).map { Array($0.utf8) }
    }

    /// The names of the `${secrets.NAME}` references left in a stored URL, each once.
    static func secretNames(in url: String) -> [String] {
        var names: [String] = []
        var rest = Substring(url)
        while let start = rest.range(of: "${secrets.") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "}") else { break }
            let name = String(rest[..<end])
            if !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: end)...]
        }
        return names
    }

    /// The stored URL with its secrets filled in.
    static func resolve(_ url: String, _ values: [String: String]) -> String {
        values.reduce(url) { text, pair in text.replacingOccurrences(of: "${secrets.\(pair.key)}", with: pair.value) }
    }
}
