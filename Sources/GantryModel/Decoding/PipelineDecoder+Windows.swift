import Foundation
import GantryGates

/// `windows:` — time zone, allow entries and freezes, decoded into the gate's own types.
extension PipelineDecoder {
    func decodeWindows(_ node: YNode?) -> WindowPolicy? {
        guard let node, let map = context.mapping(node, keys: ["timezone", "allow", "freeze"], in: "'windows'",
                                                  name: "windows") else { return nil }
        var zone = TimeZone(identifier: "UTC") ?? TimeZone.current
        if let name = context.string(map["timezone"], "timezone"), let at = map["timezone"] {
            if let found = TimeZones.zone(named: name) {
                zone = found
            } else {
                let hint = Suggestion.closest(to: name, among: TimeZones.identifiers).map { " (did you mean '\($0)'?)" }
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

/// Cached IANA zone lookups: validation of a thousand pipelines must not rebuild zones each time.
enum TimeZones {
    static let identifiers: [String] = TimeZone.knownTimeZoneIdentifiers
    private static let cache = ZoneCache()

    static func zone(named name: String) -> TimeZone? { cache.zone(named: name) }
}

private final class ZoneCache: @unchecked Sendable {
    private let lock = NSLock()
    private var zones: [String: TimeZone?] = [:]

    func zone(named name: String) -> TimeZone? {
        lock.withLock {
            if let cached = zones[name] { return cached }
            // Only names that are real IANA identifiers: abbreviations like "EST" read as fixed offsets.
            let zone = name == "UTC" || TimeZones.identifiers.contains(name) ? TimeZone(identifier: name) : nil
            zones[name] = zone
            return zone
        }
    }
}

/// `YYYY-MM-DDTHH:MM` (or a bare date, meaning midnight) into a `LocalDateTime`.
enum LocalDateTimeText {
    static func parse(_ text: String) -> LocalDateTime? {
        let halves = text.split(whereSeparator: { $0 == "T" || $0 == " " }).map(String.init)
        guard (1...2).contains(halves.count) else { return nil }
        let date = halves[0].split(separator: "-", omittingEmptySubsequences: false)
        guard date.count == 3, date[0].count == 4, date[1].count == 2, date[2].count == 2,
              let year = Int(date[0]), let month = Int(date[1]), let day = Int(date[2]),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var hour = 0, minute = 0
        if halves.count == 2 {
            let time = halves[1].split(separator: ":", omittingEmptySubsequences: false)
            guard time.count == 2, time[0].count == 2, time[1].count == 2,
                  let parsedHour = Int(time[0]), let parsedMinute = Int(time[1]),
                  (0...23).contains(parsedHour), (0...59).contains(parsedMinute) else { return nil }
            hour = parsedHour
            minute = parsedMinute
        }
        return LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
