import Foundation

/// Reads the key type of a private key file without decrypting it, to explain refusals.
enum IdentityKey {
    /// "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", … or nil when the file is not recognised.
    static func type(atPath path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        if text.contains("BEGIN RSA PRIVATE KEY") { return "ssh-rsa" }
        if text.contains("BEGIN EC PRIVATE KEY") { return "ecdsa" }
        guard text.contains("BEGIN OPENSSH PRIVATE KEY") else { return nil }
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let blob = Data(base64Encoded: body) else { return nil }
        // openssh-key-v1\0, cipher, kdf, kdf options, key count, then the public key blob whose
        // first field is its type; that part is never encrypted.
        var reader = BlobReader(bytes: [UInt8](blob))
        guard reader.skip(15), reader.string() != nil, reader.string() != nil, reader.string() != nil,
              reader.uint32() != nil, let publicKey = reader.string() else { return nil }
        var inner = BlobReader(bytes: publicKey)
        return inner.string().map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Reads SSH wire-format fields (uint32 length + bytes) defensively.
private struct BlobReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func skip(_ count: Int) -> Bool {
        guard offset + count <= bytes.count else { return false }
        offset += count
        return true
    }

    mutating func uint32() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        let value = bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        offset += 4
        return value
    }

    mutating func string() -> [UInt8]? {
        guard let length = uint32(), offset + Int(length) <= bytes.count else { return nil }
        defer { offset += Int(length) }
        return Array(bytes[offset..<offset + Int(length)])
    }
}
