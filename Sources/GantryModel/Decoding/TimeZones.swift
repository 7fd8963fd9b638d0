import Foundation

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
