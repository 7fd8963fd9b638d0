/// Splits one stream's bytes into lines, decoding each only once it is complete.
///
/// A UTF-8 character can straddle two reads; decoding per read would corrupt it. A line longer
/// than ``maximumLine`` bytes is cut there (between characters), so output without newlines
/// cannot grow without bound. Remote commands (SSH channels) and local ones (builds) both split
/// their output here.
public struct LineSplitter: Sendable {
    public static let maximumLine = 1 << 20

    private var pending: [UInt8] = []

    public init() {}

    /// Feeds bytes; returns the complete lines they finished.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var lines: [String] = []
        var start = bytes.startIndex
        for index in bytes.indices {
            if bytes[index] == UInt8(ascii: "\n") {
                pending.append(contentsOf: bytes[start..<index])
                lines.append(OutputText.decode(pending))
                pending.removeAll(keepingCapacity: true)
                start = index + 1
            } else if pending.count + (index - start) >= Self.maximumLine, bytes[index] & 0xC0 != 0x80 {
                // Cut before a byte that starts a character, never inside one.
                pending.append(contentsOf: bytes[start..<index])
                lines.append(OutputText.decode(pending))
                pending.removeAll(keepingCapacity: true)
                start = index
            }
        }
        pending.append(contentsOf: bytes[start..<bytes.endIndex])
        return lines
    }

    /// The last line if the stream ended without a newline.
    public mutating func finish() -> String? {
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll() }
        return OutputText.decode(pending)
    }
}
