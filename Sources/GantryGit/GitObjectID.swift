internal import CLibGit2

/// Helpers between libgit2 object ids and hexadecimal strings.
enum GitObjectID {
    /// Hex characters in a SHA-1 object id (libgit2 1.5 supports SHA-1 repositories only).
    static let hexLength = 40

    /// The full hexadecimal form of `oid`.
    static func hex(_ oid: UnsafePointer<git_oid>) -> String {
        // git_oid_fmt writes exactly `hexLength` characters and no terminator.
        var buffer = [UInt8](repeating: 0, count: hexLength)
        buffer.withUnsafeMutableBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { _ = git_oid_fmt($0.baseAddress, oid) }
        }
        return String(decoding: buffer, as: UTF8.self)
    }

    static func hex(_ oid: git_oid) -> String {
        withUnsafePointer(to: oid) { hex($0) }
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }
}
