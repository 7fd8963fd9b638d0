import Foundation
import GantryGates

/// `windows:` — time zone, allow entries and freezes, decoded into the gate's own types.
extension PipelineDecoder {
    func decodeWindows(_ node: YNode?) -> WindowPolicy? {
        guard let node, let map = context.mapping(node, keys: ["timezone", "allow", "freeze"], in: "'windows'",
                                                  name: "windows") else { return nil }
        var zone = TimeZone(identifier: "UTC") ?? TimeZone.current
        if let name = context.string(map["timezone"], "timezone"), let at = map["timezone"] {
            switch ZoneNames.lookup(name) {
            case let .zone(found):
                zone = found
            case let .abbreviation(suggestion):
                context.error("'\(name)' is a time-zone abbreviation, not a zone: it would be a fixed offset without "
                    + "daylight saving; use an IANA name such as '\(suggestion ?? "America/New_York")'", at: at.location)
            case .unknown:
                // posix/… and right/… are copies of the database with other leap-second rules.
                let copy = ["posix/", "right/"].first(where: name.hasPrefix).map { String(name.dropFirst($0.count)) }
                let candidate = copy.flatMap { ZoneNames.zone(named: $0) != nil ? $0 : nil }
                    ?? Suggestion.closest(to: name, among: ZoneNames.all)
                let hint = candidate.map { " (did you mean '\($0)'?)" }
                    ?? " (use an IANA name such as 'Europe/London', 'America/New_York' or 'UTC')"
                context.error("unknown time zone '\(name)'" + hint, at: at.location)
            }
        }
        let allow = list(map["allow"], "allow").compactMap(decodeAllow)
        let freezes = list(map["freeze"], "freeze").compactMap(decodeFreeze)
        return WindowPolicy(timeZone: zone, allow: allow, freezes: freezes)
    }

    private func list(_ node: YNode?, _ name: String) -> [YNode] {
        guard let node else { return [] }
        guard let items = node.items else {
            context.typeError(node, expected: "a list", for: name)
            return []
        }
        return items
    }

    private func decodeAllow(_ node: YNode) -> AllowWindow? {
        guard let map = context.mapping(node, keys: ["days", "from", "to"], in: "'allow' entry", name: "allow entry")
        else { return nil }
        var days = Weekday.allCases
        if let list = context.stringList(map["days"], "days") {
            days = []
            for (name, item) in list {
                if let day = Weekday(name: name) {
                    days.append(day)
                } else {
                    let hint = Suggestion.closest(to: name, among: Weekday.allCases.map(\.shortName))
                        .map { " (did you mean '\($0)'?)" } ?? " (use mon, tue, wed, thu, fri, sat, sun)"
                    context.error("unknown day '\(name)'" + hint, at: item.location)
                }
            }
        }
        let from = time(map["from"], "from", in: node)
        let to = time(map["to"], "to", in: node)
        guard let from, let to else { return nil }
        if from == to, let at = map["to"] {
            context.error("window 'from' and 'to' are both \(from); an empty window never opens", at: at.location)
            return nil
        }
        return AllowWindow(days: days, from: from, to: to)
    }

    private func time(_ node: YNode?, _ name: String, in entry: YNode) -> LocalTime? {
        guard let node else {
            context.error("window entry needs '\(name)' (HH:MM)", at: entry.location)
            return nil
        }
        guard let text = context.string(node, name) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].count == 2, parts[1].count == 2,
           let hour = Int(parts[0]), let minute = Int(parts[1]),
           (0...23).contains(hour) && (0...59).contains(minute) || (hour == 24 && minute == 0 && name == "to") {
            return LocalTime(hour: hour, minute: minute)
        }
        context.error("bad time '\(text)' for '\(name)' (use HH:MM, 00:00 to 23:59)", at: node.location)
        return nil
    }

    private func decodeFreeze(_ node: YNode) -> Freeze? {
        guard let map = context.mapping(node, keys: ["from", "to", "reason"], in: "'freeze' entry", name: "freeze entry")
        else { return nil }
        let from = dateTime(map["from"], "from", in: node)
        let to = dateTime(map["to"], "to", in: node)
        let reason = context.string(map["reason"], "reason")
        guard let from, let to else { return nil }
        if to <= from, let at = map["to"] {
            context.error("freeze must end after it starts (from \(from), to \(to))", at: at.location)
            return nil
        }
        return Freeze(from: from, to: to, reason: reason)
    }

    private func dateTime(_ node: YNode?, _ name: String, in entry: YNode) -> LocalDateTime? {
        guard let node else {
            context.error("freeze needs '\(name)' (YYYY-MM-DDTHH:MM)", at: entry.location)
            return nil
        }
        guard let text = context.string(node, name) else { return nil }
        if let value = LocalDateTimeText.parse(text) { return value }
        context.error("bad date-time '\(text)' for '\(name)' (use YYYY-MM-DDTHH:MM or YYYY-MM-DD)", at: node.location)
        return nil
    }
}
