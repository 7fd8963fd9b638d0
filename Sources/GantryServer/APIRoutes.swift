import Foundation
import GantryEngine
internal import Hummingbird

/// `/api/status`, `/api/history/{pipeline}`, `/api/deployments/{id}`: the documents the command
/// line prints with `--json` (`gantry status`, `gantry history`, `gantry logs`), built by the same
/// engine functions and encoded by the same encoder.
struct APIRoutes: Sendable {
    let engine: Engine
    let state: ServerState

    func add(to router: Router<BasicRequestContext>) {
        router.get("/api/status") { _, _ in status() }
        router.get("/api/history/:pipeline") { request, context in
            let query = request.uri.queryParameters
            return history(context.parameters.get("pipeline") ?? "", environment: query["environment"].map(String.init),
                           limit: query["limit"].map(String.init))
        }
        router.get("/api/deployments/:id") { _, context in
            deployment(context.parameters.get("id") ?? "")
        }
    }

    func status() -> Response {
        let snapshot = state.snapshot
        do throws(EngineError) {
            let pipelines = try snapshot.pipelines.map { pipeline throws(EngineError) in (pipeline, try engine.status(pipeline)) }
            return Replies.json(snapshot.masker.masking(Documents.statuses(pipelines)))
        } catch {
            return Replies.engineError(error, masker: snapshot.masker)
        }
    }

    /// `?environment=ENV&limit=N`, as `gantry history PIPELINE [ENV] --limit N` (default 50).
    func history(_ name: String, environment: String?, limit limitText: String?) -> Response {
        let snapshot = state.snapshot
        guard let pipeline = snapshot.pipelines.first(where: { $0.name == name }) else {
            return Replies.error(.notFound, "no pipeline named '\(name)'")
        }
        var limit = 50
        if let text = limitText {
            guard let value = Int(text), value > 0, value <= 10_000 else {
                return Replies.error(.badRequest, "limit '\(text)' is not a number from 1 to 10000")
            }
            limit = value
        }
        do throws(EngineError) {
            let rows = try engine.history(pipeline, environment: environment, limit: limit)
            return Replies.json(snapshot.masker.masking(
                Documents.history(pipeline: pipeline.name, environment: environment, deployments: rows)))
        } catch {
            return Replies.engineError(error, masker: snapshot.masker)
        }
    }

    func deployment(_ text: String) -> Response {
        let snapshot = state.snapshot
        guard let id = Int64(text), id > 0 else {
            return Replies.error(.badRequest, "deployment id '\(text)' is not a number")
        }
        do throws(EngineError) {
            let (deployment, steps) = try engine.deploymentLog(id)
            return Replies.json(snapshot.masker.masking(Documents.log(deployment, steps: steps)))
        } catch {
            return Replies.engineError(error, masker: snapshot.masker)
        }
    }
}

extension SecretMasker {
    /// Every string of a document masked (keys are Gantry's own names); as it is without secrets.
    func masking(_ value: JSONValue) -> JSONValue { isEmpty ? value : value.masked(by: mask) }
}
