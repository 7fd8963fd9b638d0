/// Masks secrets in a stream that arrives as lines, emitting masked lines.
///
/// A secret may contain a newline, so lines are joined back into one byte stream before
/// masking and split again afterwards; a line is released only when no secret can still
/// start in it.
struct MaskedLines {
    private var masker: SecretMasker
    private var partial: [UInt8] = []

    init(secrets: [String]) { masker = SecretMasker(secrets: secrets) }

    /// Accepts one received line (without its newline) and returns the lines now safe to show.
    mutating func feed(_ line: String) -> [String] {
        split(masker.feed(Array(line.utf8) + [UInt8(ascii: "\n")]))
    }

    /// Ends the stream and returns what was held back.
    mutating func finish() -> [String] {
        var lines = split(masker.finish())
        if !partial.isEmpty { lines.append(String(decoding: partial, as: UTF8.self)) }
        partial = []
        return lines
    }

    private mutating func split(_ bytes: [UInt8]) -> [String] {
        partial += bytes
        var lines: [String] = []
        while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: partial[..<newline], as: UTF8.self))
            partial.removeSubrange(...newline)
        }
        return lines
    }
}
