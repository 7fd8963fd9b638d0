internal import Crypto
import Foundation

/// A public host key as SSH encodes it: the key blob, whose first field names its type.
///
/// The same value describes the key a server presents (from libssh2) and a key written in a
/// known_hosts line (base64 of the same blob), so comparing them is comparing bytes.
struct HostKey: Sendable, Hashable {
    /// The SSH wire encoding of the public key.
    let blob: [UInt8]
    /// The key type the blob names, e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`.
    let type: String

    /// Reads the type from the blob; nil when the blob does not start with a sane type name.
    init?(blob: [UInt8]) {
        guard blob.count >= 4 else { return nil }
        let length = blob[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard length > 0, length <= 64, blob.count >= 4 + length else { return nil }
        let name = blob[4..<(4 + length)]
        guard name.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        self.blob = blob
        type = String(decoding: name, as: UTF8.self)
    }

    /// "SHA256:<base64 without padding>", as OpenSSH prints fingerprints.
    var fingerprint: String {
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.trimmingCharacters(in: CharacterSet(charactersIn: "="))
    }

    /// `type base64`, as a known_hosts line or an `.pub` file writes the key.
    var line: String { "\(type) \(Data(blob).base64EncodedString())" }

    /// The family people name a key by: ED25519, ECDSA, RSA, DSA (else the type itself).
    var family: String { Self.family(of: type) }

    static func family(of type: String) -> String {
        switch type {
        case "ssh-ed25519", "sk-ssh-ed25519@openssh.com": "ED25519"
        case _ where type.hasPrefix("ecdsa-sha2-") || type.hasPrefix("sk-ecdsa-sha2-"): "ECDSA"
        case "ssh-rsa": "RSA"
        case "ssh-dss": "DSA"
        default: type
        }
    }

    /// "an ECDSA", "a DSA": the article that goes with a family's spoken name.
    static func withArticle(_ family: String) -> String {
        guard let first = family.first else { return family }
        return ("AEFHILMNORSX".contains(first) ? "an " : "a ") + family
    }
}
