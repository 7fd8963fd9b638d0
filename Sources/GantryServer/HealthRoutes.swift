import Foundation
import GantryEngine
internal import Hummingbird

/// `/healthz` (the store answers) and `/metrics` (Prometheus text format).
struct HealthRoutes: Sendable {
    let engine: Engine
    let metrics: ServerMetrics

    func add(to router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in
            do throws(EngineError) {
                _ = try engine.activityStamp()
                return Replies.json(.object(["status": "ok"]))
            } catch {
                return Replies.error(.serviceUnavailable, "the state store does not answer: \(error.message)")
            }
        }
        router.get("/metrics") { _, _ in
            Replies.text(metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
