import Crypto
import Foundation
import GantryModel
import GantryShell

/// Checks that a delivery comes from the Git host that knows the webhook's secret, before a byte
/// of it is parsed.
///
/// - GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`;
/// - Gitea: `X-Gitea-Signature: <hex HMAC-SHA256 of the raw body>`;
/// - GitLab: `X-Gitlab-Token: <the secret>`, and when `X-Gitlab-Signature` is present it must be
///   the hex HMAC-SHA256 of the raw body too (`sha256=` prefix allowed).
///
/// Every comparison takes the same time whatever the first differing byte (an attacker timing the
/// answers learns nothing about the secret).
public enum WebhookSignature {
    /// Whether `headers` (names lower-cased) sign `body` with `secret` as `provider` does.
    public static func verify(_ provider: WebhookSettings.Provider, headers: [String: String], body: [UInt8],
                              secret: String) -> Bool {
        switch provider {
        case .github:
            guard let header = headers["x-hub-signature-256"], header.hasPrefix("sha256=") else { return false }
            return matchesHMAC(hex: String(header.dropFirst(7)), body: body, secret: secret)
        case .gitea:
            guard let header = headers["x-gitea-signature"] else { return false }
            return matchesHMAC(hex: header, body: body, secret: secret)
        case .gitlab:
            guard let token = headers["x-gitlab-token"], constantTimeEqual(Array(token.utf8), Array(secret.utf8)) else {
                return false
            }
            guard let signature = headers["x-gitlab-signature"] else { return true }
            let hex = signature.hasPrefix("sha256=") ? String(signature.dropFirst(7)) : signature
            return matchesHMAC(hex: hex, body: body, secret: secret)
        }
    }

    /// The header a provider's signature travels in, for messages.
    public static func header(of provider: WebhookSettings.Provider) -> String {
        switch provider {
        case .github: "X-Hub-Signature-256"
        case .gitea: "X-Gitea-Signature"
        case .gitlab: "X-Gitlab-Token"
        }
    }

    /// `sha256=<hex>` for GitHub, `<hex>` otherwise: what a sender puts in the signature header.
    public static func sign(_ body: [UInt8], secret: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8))))
    }

    static func matchesHMAC(hex text: String, body: [UInt8], secret: String) -> Bool {
        guard let given = bytes(hex: text) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: body,
                                                     using: SymmetricKey(data: Array(secret.utf8)))
    }

    /// Compares every byte of the longer input, so the time does not depend on where they differ.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count) | (a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }

    static func bytes(hex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
