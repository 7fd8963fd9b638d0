import Foundation
import GantryGit
import GantryModel
import GantryStore

extension Engine {
    /// A delivery as the server received it. Header names are lower-cased.
    public struct WebhookRequest: Sendable {
        public var provider: WebhookSettings.Provider
        public var headers: [String: String]
        public var body: [UInt8]

        public init(provider: WebhookSettings.Provider, headers: [String: String], body: [UInt8]) {
            self.provider = provider
            self.headers = headers
            self.body = body
        }
    }

    /// What became of a delivery; the server turns it into an HTTP answer.
    public enum WebhookReply: Sendable, Equatable {
        /// Queued in the store (202): the worker runs it.
        case queued(id: Int64, delivery: String, pipelines: [String])
        /// Its delivery id was seen before (200): nothing runs again.
        case duplicate(delivery: String)
        /// Signed, but nothing to run (200): not a push, or no pipeline follows the repository.
        case ignored(String)
        /// Signed `ping` (200).
        case pong
        /// Unsigned or wrongly signed (401). The reason is for the server's log only.
        case unauthorized(String)
        /// Signed, but not a usable push (400).
        case badRequest(String)
        /// The store could not queue it (503): the sender should deliver it again.
        case unavailable(String)

        /// The short word for logs and metrics.
        public var outcome: String {
            switch self {
            case .queued: "queued"
            case .duplicate: "duplicate"
            case .ignored: "ignored"
            case .pong: "ping"
            case .unauthorized: "unauthorized"
            case .badRequest: "bad_request"
            case .unavailable: "unavailable"
            }
        }
    }

    /// Verifies, reads and queues one delivery.
    ///
    /// The signature is checked against every pipeline of the provider before anything of the
    /// body is read; the delivery id is recorded in the same insert that queues the push, so a
    /// replayed id finds its row and runs nothing. Nothing here runs a deployment: the answer
    /// goes back at once and the worker takes the push from the store.
    public func receiveWebhook(_ request: WebhookRequest, directory: WebhookDirectory) -> WebhookReply {
        let provider = request.provider
        let signed = directory.verified(provider, headers: request.headers, body: request.body)
        guard !signed.isEmpty else {
            let configured = directory.entries.contains { $0.webhook.provider == provider }
            let header = WebhookSignature.header(of: provider)
            return .unauthorized(configured
                ? (request.headers[header.lowercased()] == nil ? "no \(header) header" : "\(header) matches no pipeline's webhook secret")
                : "no pipeline takes \(provider.rawValue) webhooks")
        }
        let idHeader = Self.deliveryHeader(provider)
        guard let delivery = request.headers[idHeader], !delivery.isEmpty, delivery.utf8.count <= 200 else {
            return .badRequest("no \(idHeader) header: a delivery without an id cannot be told from a replay")
        }
        switch WebhookEvent(provider, headers: request.headers) {
        case .ping: return .pong
        case let .other(name): return .ignored("\(name.isEmpty ? "an unnamed" : "a '\(name)'") event is not a push")
        case .push: break
        }
        let payload: PushPayload
        do {
            payload = try PushPayload(provider: provider, body: request.body)
        } catch {
            return .badRequest(error.description)
        }
        let pipelines = signed.filter { payload.concerns($0.webhook) }.map(\.pipeline)
        guard !pipelines.isEmpty else {
            return .ignored("no pipeline with this secret follows \(payload.repository)")
        }
        let update = payload.update
        let queued = NewWebhookDelivery(provider: provider.rawValue, delivery: delivery, receivedAt: clock.now(),
                                        pipelines: pipelines, repository: payload.repository,
                                        refs: "\(update.oldSha) \(update.newSha) \(update.refName)\n")
        do {
            switch try store.enqueueDelivery(queued) {
            case let .queued(row): return .queued(id: row.id, delivery: delivery, pipelines: pipelines)
            case .duplicate: return .duplicate(delivery: delivery)
            }
        } catch {
            return .unavailable("the delivery could not be queued: \(error)")
        }
    }

    /// The header each provider names its delivery id in (lower-cased).
    public static func deliveryHeader(_ provider: WebhookSettings.Provider) -> String {
        switch provider {
        case .github: "x-github-delivery"
        case .gitea: "x-gitea-delivery"
        case .gitlab: "x-gitlab-event-uuid"
        }
    }
}
