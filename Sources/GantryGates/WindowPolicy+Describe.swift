import Foundation

extension WindowPolicy {
    /// A short human form of an allow entry: `Mon–Thu 09:00–17:00`, `Fri 22:00–02:00`.
    public static func describe(_ entry: AllowWindow) -> String {
        "\(describe(days: entry.days)) \(entry.from)–\(entry.to)"
    }

    /// Days in week order starting Monday, runs of three or more as ranges: `Mon–Thu, Sat`.
    public static func describe(days: [Weekday]) -> String {
        // Monday-first order reads the way people plan a working week.
        let order: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]
        let present = Set(days)
        if present.count == 7 { return "every day" }
        var parts: [String] = []
        var index = 0
        while index < order.count {
            guard present.contains(order[index]) else {
                index += 1
                continue
            }
            var end = index
            while end + 1 < order.count, present.contains(order[end + 1]) { end += 1 }
            if end - index >= 2 {
                parts.append("\(order[index].displayName)–\(order[end].displayName)")
            } else {
                parts.append(contentsOf: order[index...end].map(\.displayName))
            }
            index = end + 1
        }
        return parts.isEmpty ? "no days" : parts.joined(separator: ", ")
    }

    /// The reason shown while `freeze` is active: `Holiday freeze until 2027-01-04 00:00 Europe/London`.
    public func freezeReason(_ freeze: Freeze) -> String {
        let label = freeze.reason.map { $0.isEmpty ? "freeze" : $0 } ?? "freeze"
        return "\(label) until \(freeze.to) \(timeZone.gantryName)"
    }
}
