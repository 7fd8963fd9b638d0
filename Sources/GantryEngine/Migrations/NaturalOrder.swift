/// Orders migration file names as people number them: digit runs compare as numbers.
///
/// `V9__a.sql` sorts before `V10__b.sql`, and `2_x` before `10_x`, where plain string order
/// would put them the other way round. Leading zeros do not change a number's value; names
/// equal by that rule fall back to plain string order, so the order is total.
public enum NaturalOrder {
    /// Whether `lhs` sorts before `rhs`.
    public static func less(_ lhs: String, _ rhs: String) -> Bool {
        let left = chunks(lhs), right = chunks(rhs)
        for (a, b) in zip(left, right) where a != b {
            switch (a, b) {
            case let (.number(x), .number(y)):
                let (tx, ty) = (trimmed(x), trimmed(y))
                if tx.count != ty.count { return tx.count < ty.count }
                if tx != ty { return tx.lexicographicallyPrecedes(ty) }
            case let (.text(x), .text(y)):
                if x != y { return x.lexicographicallyPrecedes(y) }
            case (.number, .text):
                return true
            case (.text, .number):
                return false
            }
        }
        if left.count != right.count { return left.count < right.count }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// `names` in natural order.
    public static func sorted(_ names: [String]) -> [String] { names.sorted(by: less) }

    private enum Chunk: Equatable {
        case number([UInt8])
        case text([UInt8])
    }

    private static func chunks(_ name: String) -> [Chunk] {
        var result: [Chunk] = []
        var current: [UInt8] = []
        var inDigits = false
        for byte in name.utf8 {
            let digit = (0x30...0x39).contains(byte)
            if !current.isEmpty && digit != inDigits {
                result.append(inDigits ? .number(current) : .text(current))
                current = []
            }
            inDigits = digit
            current.append(byte)
        }
        if !current.isEmpty { result.append(inDigits ? .number(current) : .text(current)) }
        return result
    }

    private static func trimmed(_ digits: [UInt8]) -> ArraySlice<UInt8> {
        let start = digits.firstIndex { $0 != 0x30 } ?? digits.count
        return digits[start...]
    }
}
