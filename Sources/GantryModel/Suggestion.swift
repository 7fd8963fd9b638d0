/// "Did you mean …?" hints by edit distance.
///
/// A typo in a key or a name is the most common pipeline error; naming the closest known
/// spelling saves a trip to the docs.
public enum Suggestion {
    /// The closest candidate within a distance that still looks like a typo, if any.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = max(1, min(3, word.count / 3 + 1))
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// ` (did you mean 'x'?)`, or a list of the known names when there are few, or nothing.
    static func hint(for word: String, among candidates: [String], listing noun: String? = nil) -> String {
        if let match = closest(to: word, among: candidates) { return " (did you mean '\(match)'?)" }
        if let noun, !candidates.isEmpty, candidates.count <= 16 {
            return " (known \(noun): \(candidates.map { "'\($0)'" }.joined(separator: ", ")))"
        }
        return ""
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.unicodeScalars), b = Array(rhs.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
