import Crypto
import GantryShell

/// A migration file of an artifact: its name under `migrations.path` and its checksum.
public struct MigrationFile: Sendable, Equatable, Codable {
    public var name: String
    /// `sha256:<hex>` of the content with CRLF line ends as LF; the path is not part of it.
    public var checksum: String

    public init(name: String, checksum: String) {
        self.name = name
        self.checksum = checksum
    }

    public init(name: String, contents: [UInt8]) {
        self.init(name: name, checksum: Self.checksum(contents))
    }

    /// The checksum of a file's bytes: line ends normalised, so a checkout on Windows or an
    /// editor that saved CRLF does not look like a changed migration.
    public static func checksum(_ contents: [UInt8]) -> String {
        var normalised: [UInt8] = []
        normalised.reserveCapacity(contents.count)
        var index = 0
        while index < contents.count {
            let byte = contents[index]
            if byte == 0x0D, index + 1 < contents.count, contents[index + 1] == 0x0A {
                index += 1
                continue
            }
            normalised.append(byte)
            index += 1
        }
        return "sha256:" + Hex.encode(SHA256.hash(data: normalised))
    }
}
