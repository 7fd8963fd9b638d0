/// Duration text → seconds.
public enum DurationText {
    /// Seconds for `500ms`, `30s`, `10m`, `24h`, `7d`; nil for anything else or zero.
    public static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            let digits = text.dropLast(unit.count)
            guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                  let value = Int(digits), value > 0 else { return nil }
            return Double(value) * factor
        }
        return nil
    }
}

extension DurationText {
    /// The shortest exact spelling of `seconds` in the pipeline syntax: `24h`, `90s`, `500ms`.
    public static func describe(_ seconds: Double) -> String {
        let milliseconds = Int((seconds * 1000).rounded())
        for (unit, size) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)]
        where milliseconds >= size && milliseconds % size == 0 {
            return "\(milliseconds / size)\(unit)"
        }
        return "\(milliseconds)ms"
    }
}
