/// Replaces secret values with `***` in text, including text that arrives in pieces.
///
/// Remote output arrives in reads of any size, so a secret can be split across two reads (or,
/// when it contains a newline, across two lines). `feed` therefore holds back the longest tail
/// that could still be the beginning of a secret and releases it once it is known not to be.
/// Matching is done on UTF-8 bytes so a multi-byte character split between reads is harmless.
public struct SecretMasker: Sendable {
    public static let replacement = "***"

    /// Secret values as bytes, longest first so the longest match at a position wins.
    private let secrets: [[UInt8]]
    private let longest: Int
    private var pending: [UInt8] = []

    /// - Parameter secrets: the values to hide; empty values are ignored (they would match everywhere).
    public init<S: Sequence>(secrets: S) where S.Element == String {
        let unique = Set(secrets.filter { !$0.isEmpty }).map { Array($0.utf8) }
        self.secrets = unique.sorted { $0.count > $1.count }
        self.longest = self.secrets.first?.count ?? 0
    }

    /// Whether there is anything to hide at all.
    public var isEmpty: Bool { secrets.isEmpty }

    /// Masks a whole text at once.
    public func mask(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var copy = self
        var out = copy.feed(Array(text.utf8))
        out += copy.finish()
        return String(decoding: out, as: UTF8.self)
    }

    /// Accepts the next piece of a stream and returns what can safely be shown now.
    public mutating func feed(_ bytes: [UInt8]) -> [UInt8] {
        guard !secrets.isEmpty else { return bytes }
        pending += bytes
        var output: [UInt8] = []
        var start = 0
        var index = 0
        while index < pending.count {
            if let match = secretMatching(at: index) {
                output += pending[start..<index]
                output += Array(Self.replacement.utf8)
                index += match
                start = index
            } else if couldStartSecret(at: index) {
                // A prefix of a secret runs to the end of what we have: wait for more bytes.
                break
            } else {
                index += 1
            }
        }
        output += pending[start..<index]
        pending.removeFirst(index)
        return output
    }

    /// Ends the stream: whatever was held back is released (masked where it matches).
    public mutating func finish() -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        var start = 0
        while index < pending.count {
            if let match = secretMatching(at: index) {
                output += pending[start..<index] + Array(Self.replacement.utf8)
                index += match
                start = index
            } else {
                index += 1
            }
        }
        output += pending[start...]
        pending.removeAll()
        return output
    }

    /// The length of the longest secret that matches completely at `index`.
    private func secretMatching(at index: Int) -> Int? {
        for secret in secrets where pending.count - index >= secret.count {
            if pending[index..<(index + secret.count)].elementsEqual(secret) { return secret.count }
        }
        return nil
    }

    /// Whether the bytes from `index` to the end are a proper prefix of some secret.
    private func couldStartSecret(at index: Int) -> Bool {
        let tail = pending.count - index
        guard tail < longest else { return false }
        return secrets.contains { secret in
            secret.count > tail && secret[0..<tail].elementsEqual(pending[index...])
        }
    }
}
