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
