/// One of the five cron fields: its range, names and how its text is read.
enum CronField: Sendable {
    case minute, hour, dayOfMonth, month, dayOfWeek

    var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    var range: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    private var names: [String] {
        switch self {
        case .month: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        case .dayOfWeek: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        default: []
        }
    }

    /// The values a field's text allows, as bits (bit n = value n): comma lists of `*`, `a`,
    /// `a-b`, `*/n`, `a-b/n`.
    func parse(_ text: String) throws(CronExpression.ParseError) -> UInt64 {
        var values: UInt64 = 0
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw .init("empty entry in \(name) field '\(text)'") }
            values |= try parsePart(String(part))
        }
        return values
    }

    private func parsePart(_ part: String) throws(CronExpression.ParseError) -> UInt64 {
        let pieces = part.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count <= 2 else { throw .init("too many '/' in \(name) field '\(part)'") }
        var step = 1
        if pieces.count == 2 {
            guard let parsed = Int(pieces[1]), parsed > 0 else {
                throw .init("step '\(pieces[1])' in \(name) field must be a positive number")
            }
            step = parsed
        }
        let bounds: ClosedRange<Int>
        if pieces[0] == "*" {
            bounds = range.lowerBound...(self == .dayOfWeek ? 6 : range.upperBound)
        } else if let dash = pieces[0].firstIndex(of: "-") {
            if dash == pieces[0].startIndex || pieces[0].index(after: dash) == pieces[0].endIndex {
                throw .init("range '\(pieces[0])' in \(name) field needs a value on both sides of '-'")
            }
            let low = try value(String(pieces[0][..<dash]))
            let high = try value(String(pieces[0][pieces[0].index(after: dash)...]))
            guard low <= high else { throw .init("range '\(pieces[0])' in \(name) field runs backwards") }
            bounds = low...high
        } else {
            let single = try value(pieces[0])
            if pieces.count == 2 {
                throw .init("'\(part)' in \(name) field is a step without a range; write '\(single)-\(range.upperBound)/\(step)' or '*/\(step)'")
            }
            bounds = single...single
        }
        return stride(from: bounds.lowerBound, through: bounds.upperBound, by: step).reduce(0) { $0 | 1 << UInt64($1) }
    }

    /// The bits of a field made of numbers, names, `*`, `,`, `-` and `/`, read byte by byte; nil
    /// for anything else (mistakes), which ``parse(_:)`` then reads and words.
    func quickParse(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        var values: UInt64 = 0
        var index = bytes.startIndex
        let end = bytes.endIndex
        while true {
            var (low, high, spans) = (0, 0, true)
            if index < end, bytes[index] == UInt8(ascii: "*") {
                (low, high) = (range.lowerBound, self == .dayOfWeek ? 6 : range.upperBound)
                index += 1
            } else {
                guard let first = token(bytes, from: &index) else { return nil }
                (low, high, spans) = (first, first, false)
                if index < end, bytes[index] == UInt8(ascii: "-") {
                    index += 1
                    guard let last = token(bytes, from: &index) else { return nil }
                    (high, spans) = (last, true)
                }
            }
            guard range.contains(low), range.contains(high), low <= high else { return nil }
            var step = 1
            if index < end, bytes[index] == UInt8(ascii: "/") {
                index += 1
                guard spans, let parsed = Self.number(bytes, from: &index), parsed > 0 else { return nil }
                step = parsed
            }
            for value in stride(from: low, through: high, by: step) { values |= 1 << UInt64(value) }
            if index == end { return values }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }

    /// A value at `index` (one to four digits, or a three-letter name in any case), which moves past it.
    private func token(_ bytes: ArraySlice<UInt8>, from index: inout Int) -> Int? {
        if let number = Self.number(bytes, from: &index) { return number }
        guard self == .month || self == .dayOfWeek, index + 3 <= bytes.endIndex,
              index + 3 == bytes.endIndex || !Self.isLetter(bytes[index + 3]) else { return nil }
        // ASCII letters only: `| 0x20` lower-cases A-Z and leaves a-z as they are.
        let lowered = bytes[index..<(index + 3)].map { Self.isLetter($0) ? $0 | 0x20 : 0 }
        guard let found = names.firstIndex(where: { $0.utf8.elementsEqual(lowered) }) else { return nil }
        index += 3
        return self == .month ? found + 1 : found
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    /// One to four ASCII digits at `index`, which moves past them.
    private static func number(_ bytes: ArraySlice<UInt8>, from index: inout Int) -> Int? {
        var value = 0, digits = 0
        while index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), digits < 4 {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
            digits += 1
        }
        return digits == 0 ? nil : value
    }

    private func value(_ text: String) throws(CronExpression.ParseError) -> Int {
        // Digits only: `Int` would also read "+5".
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) {
            guard range.contains(number) else {
                throw .init("\(name) value \(number) is out of range \(range.lowerBound)-\(range.upperBound)")
            }
            return number
        }
        if let index = names.firstIndex(of: text.lowercased()) {
            return self == .month ? index + 1 : index
        }
        let kind = names.isEmpty ? "a number" : "a number or a name like '\(names[0])'"
        throw .init("'\(text)' is not a valid \(name) (expected \(kind))")
    }
}
