import Crypto
import Foundation
import GantryModel
import GantryShell

/// The bearer token `gantry serve` asks for, from the pipelines' `serve: { token: NAME }`.
public enum ServeToken {
    /// The token's value, or nil when no pipeline asks for one.
    ///
    /// Every pipeline that has `serve:` must name the same secret (one server serves them all).
    /// The value is resolved as the pipeline's secrets are, for its first entry environment:
    /// `GANTRY_SECRET_<ENV>_<NAME>`, `GANTRY_SECRET_<NAME>`, then `~/.config/gantry/secrets/<env>.env`.
    /// - Throws: `.usage` when two pipelines name different secrets, or the secret has no value.
    public static func resolve(_ pipelines: [Pipeline], secrets: SecretResolver) throws(EngineError) -> String? {
        let asking = pipelines.filter { $0.serve?.token != nil }
        guard let first = asking.first, let name = first.serve?.token else { return nil }
        if let other = asking.first(where: { $0.serve?.token != name }) {
            throw EngineError(.usage, "\(first.file) and \(other.file) name different serve tokens ('\(name)' and "
                + "'\(other.serve?.token ?? "")'); one server has one token: name the same secret in both")
        }
        let env = first.firstEntryEnvironment?.name ?? "default"
        do {
            return try secrets.resolve([name], for: env)[name]
        } catch {
            throw EngineError(.usage, "\(first.file): serve.token: \(error)")
        }
    }

    /// Whether `given` is the token; the time taken does not depend on where they differ.
    public static func matches(_ given: String, token: String) -> Bool {
        WebhookSignature.constantTimeEqual(Array(given.utf8), Array(token.utf8))
    }

    /// What the browser keeps in its cookie after `/?token=…`: a keyed hash of the token, so the
    /// token itself is never stored by the browser.
    public static func cookieValue(for token: String) -> String {
        Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: Array("gantry serve cookie".utf8),
                                                                   using: SymmetricKey(data: Array(token.utf8)))))
    }
}
