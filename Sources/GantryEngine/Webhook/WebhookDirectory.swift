import Foundation
import GantryModel

/// The pipelines that take webhooks, with their secrets resolved: what a server checks each
/// delivery against.
///
/// Built once per load of the pipelines folder, so a delivery costs an HMAC per distinct secret
/// and no file read. A pipeline whose secret cannot be resolved is left out, and the problem is
/// reported when the directory is built (its deliveries then get 401).
public struct WebhookDirectory: Sendable {
    /// One pipeline that takes webhooks.
    public struct Entry: Sendable {
        public var pipeline: String
        public var webhook: WebhookSettings
        let secret: String
    }

    public var entries: [Entry]
    /// Why a pipeline with `webhook:` was left out (its secret has no value).
    public var problems: [String]
    /// Every webhook secret value, for masking whatever the server writes.
    public var secretValues: [String] { entries.map(\.secret) }

    /// Resolves the webhook secret of every pipeline of `pipelines` that has `webhook:`.
    ///
    /// The value is found as every secret of the pipeline is, for its first entry environment
    /// (the environment a push deploys to, as for a build): `GANTRY_SECRET_<ENV>_<NAME>`,
    /// `GANTRY_SECRET_<NAME>`, then `~/.config/gantry/secrets/<env>.env`.
    public init(_ pipelines: [Pipeline], secrets resolver: SecretResolver) {
        var entries: [Entry] = []
        var problems: [String] = []
        for pipeline in pipelines {
            guard let webhook = pipeline.webhook else { continue }
            let env = pipeline.firstEntryEnvironment?.name ?? "default"
            do {
                let values = try resolver.resolve([webhook.secret], for: env)
                if let secret = values[webhook.secret] {
                    entries.append(Entry(pipeline: pipeline.name, webhook: webhook, secret: secret))
                }
            } catch {
                problems.append("\(pipeline.name): webhook secret: \(error)")
            }
        }
        self.entries = entries
        self.problems = problems
    }

    /// The entries of `provider` whose secret signs `body` with `headers`; one HMAC per distinct secret.
    func verified(_ provider: WebhookSettings.Provider, headers: [String: String], body: [UInt8]) -> [Entry] {
        var verdicts: [String: Bool] = [:]
        return entries.filter { entry in
            guard entry.webhook.provider == provider else { return false }
            if let known = verdicts[entry.secret] { return known }
            let verdict = WebhookSignature.verify(provider, headers: headers, body: body, secret: entry.secret)
            verdicts[entry.secret] = verdict
            return verdict
        }
    }
}
