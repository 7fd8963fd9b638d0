import Foundation
import GantryEngine
import GantryModel
internal import Hummingbird

/// `POST /hooks/github|gitlab|gitea`.
struct HookRoutes: Sendable {
    let engine: Engine
    let state: ServerState
    let metrics: ServerMetrics
    let wakeup: Wakeup
    let log: ServerLog
    /// The largest body accepted (1 MiB); a larger one gets 413 before it is read further.
    static let maxBody = 1 << 20

    func add(to router: Router<BasicRequestContext>) {
        router.post("/hooks/:provider") { request, context in
            try await receive(request, context: context)
        }
    }

    func receive(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let name = context.parameters.get("provider") ?? ""
        guard let provider = WebhookSettings.Provider(rawValue: name) else {
            return Replies.error(.notFound, "no webhook endpoint /hooks/\(name) (use /hooks/github, /hooks/gitlab or /hooks/gitea)")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maxBody {
            return tooLarge(provider, length)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBody)
        } catch {
            return tooLarge(provider, nil)
        }
        var headers: [String: String] = [:]
        for field in request.headers where headers[field.name.canonicalName] == nil {
            headers[field.name.canonicalName] = field.value
        }
        let reply = engine.receiveWebhook(
            Engine.WebhookRequest(provider: provider, headers: headers, body: Array(buffer: body)),
            directory: state.snapshot.webhooks)
        metrics.delivery(provider: provider.rawValue, outcome: reply.outcome)
        switch reply {
        case let .queued(id, delivery, pipelines):
            wakeup.signal()
            log.line("webhook: \(provider.rawValue) delivery \(delivery) queued as #\(id) for \(pipelines.joined(separator: ", "))")
            return Replies.json(.object(["status": "queued", "delivery": .string(delivery), "queued": .int(id),
                                         "pipelines": .strings(pipelines)]), status: .accepted)
        case let .duplicate(delivery):
            log.line("webhook: \(provider.rawValue) delivery \(delivery) seen before: nothing runs again")
            return Replies.json(.object(["status": "duplicate", "delivery": .string(delivery)]))
        case let .ignored(reason):
            log.line("webhook: \(provider.rawValue) delivery ignored: \(reason)")
            return Replies.json(.object(["status": "ignored", "reason": .string(reason)]))
        case .pong:
            log.line("webhook: \(provider.rawValue) ping")
            return Replies.json(.object(["status": "pong"]))
        case let .unauthorized(reason):
            log.line("webhook: \(provider.rawValue) delivery refused (401): \(reason); its \(body.readableBytes) bytes were not read")
            return Replies.error(.unauthorized, "the delivery is unsigned or its signature matches no pipeline's webhook secret")
        case let .badRequest(reason):
            log.line("webhook: \(provider.rawValue) delivery refused (400): \(reason)")
            return Replies.error(.badRequest, reason)
        case let .unavailable(reason):
            log.line("webhook: \(provider.rawValue) delivery not queued (503): \(reason)")
            return Replies.error(.serviceUnavailable, "the delivery could not be queued; deliver it again")
        }
    }

    private func tooLarge(_ provider: WebhookSettings.Provider, _ length: Int?) -> Response {
        metrics.delivery(provider: provider.rawValue, outcome: "too_large")
        log.line("webhook: \(provider.rawValue) delivery refused (413): \(length.map { "\($0) bytes" } ?? "body") over 1 MiB")
        return Replies.error(.contentTooLarge, "the body is larger than 1 MiB")
    }
}
