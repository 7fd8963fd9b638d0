import Foundation
import GantryEngine
import GantryModel
import Synchronization

/// What the server serves from: the pipelines as last loaded, their webhook secrets and the
/// token, resolved once per load. Replaced whole by the worker when the folder is reloaded.
final class ServerState: Sendable {
    struct Snapshot: Sendable {
        var pipelineSet: PipelineSet
        var webhooks: WebhookDirectory
        /// The `serve.token` value; nil = pages and API are open.
        var token: String?

        /// Masks every webhook secret and the token in whatever the server writes.
        var masker: SecretMasker

        var pipelines: [Pipeline] { pipelineSet.pipelines }
    }

    private let current: Mutex<Snapshot>

    init(_ snapshot: Snapshot) {
        current = Mutex(snapshot)
    }

    var snapshot: Snapshot { current.withLock { $0 } }

    func replace(_ snapshot: Snapshot) {
        current.withLock { $0 = snapshot }
    }

    /// Loads the pipelines and resolves what the server needs of them.
    ///
    /// - Parameter keepToken: the token in force; a reload never drops it, even when the secret
    ///   stops resolving (the server would otherwise open its pages).
    static func load(_ load: () throws -> PipelineSet, secrets: SecretResolver,
                     keepToken: String?? = nil) throws -> (Snapshot, problems: [String]) {
        let set = try load()
        let webhooks = WebhookDirectory(set.pipelines, secrets: secrets)
        var problems = webhooks.problems
        var token: String?
        do {
            token = try ServeToken.resolve(set.pipelines, secrets: secrets)
        } catch {
            guard let kept = keepToken else { throw error }
            token = kept
            problems.append("\(error.message); the token in force is kept")
        }
        if let kept = keepToken, let previous = kept, token == nil {
            token = previous
            problems.append("no pipeline names serve.token any more; the token in force is kept until the server restarts")
        }
        for entry in set.entries where entry.pipeline == nil {
            problems.append("\(entry.file) does not validate; it is not served (run gantry validate)")
        }
        let masker = SecretMasker(secrets: webhooks.secretValues + (token.map { [$0] } ?? []))
        return (Snapshot(pipelineSet: set, webhooks: webhooks, token: token, masker: masker), problems)
    }
}
