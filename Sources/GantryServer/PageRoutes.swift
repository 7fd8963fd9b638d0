import Foundation
import GantryEngine
internal import Hummingbird

/// `GET /` (the status page), `GET /deployments/{id}` (a deployment's log) and `GET /events`
/// (server-sent events telling an open page to refresh).
struct PageRoutes: Sendable {
    let engine: Engine
    let state: ServerState
    let feed: ChangeFeed
    let audit: AuditState
    let listen: String

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in statusPage() }
        router.get("/deployments/:id") { _, context in logPage(context.parameters.get("id") ?? "") }
        router.get("/events") { _, _ in events() }
    }

    func statusPage() -> Response {
        let snapshot = state.snapshot
        do throws(EngineError) {
            let overviews = try engine.overviews(snapshot.pipelineSet)
            let deliveries = try engine.recentDeliveries(limit: 10)
            let page = StatusPage(overviews: overviews, deliveries: deliveries, audit: audit.verdict,
                                  masker: snapshot.masker, now: Date(), listen: listen)
            return Replies.html(page.render())
        } catch {
            return Replies.engineError(error, masker: snapshot.masker)
        }
    }

    func logPage(_ text: String) -> Response {
        let snapshot = state.snapshot
        guard let id = Int64(text), id > 0 else { return Replies.error(.badRequest, "deployment id '\(text)' is not a number") }
        do throws(EngineError) {
            let (deployment, steps) = try engine.deploymentLog(id)
            return Replies.html(LogPage(deployment: deployment, steps: steps, masker: snapshot.masker).render())
        } catch {
            return Replies.engineError(error, masker: snapshot.masker)
        }
    }

    func events() -> Response {
        let feed = self.feed
        let (id, signals) = feed.subscribe()
        let body = ResponseBody { writer in
            defer { feed.unsubscribe(id) }
            try await writer.write(ByteBuffer(string: "retry: 3000\nevent: hello\ndata: {}\n\n"))
            for await signal in signals {
                switch signal {
                case .changed: try await writer.write(ByteBuffer(string: "event: changed\ndata: {}\n\n"))
                case .keepalive: try await writer.write(ByteBuffer(string: ": keepalive\n\n"))
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }
}
