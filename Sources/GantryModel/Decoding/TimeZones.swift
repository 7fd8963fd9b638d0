import Foundation
import Synchronization

/// Cached IANA zone lookups: validation of a thousand pipelines must not rebuild zones each time.
enum TimeZones {
    static let identifiers: [String] = TimeZone.knownTimeZoneIdentifiers
    private static let cache = ZoneCache()

    static func zone(named name: String) -> TimeZone? { cache.zone(named: name) }
}

private final class ZoneCache: Sendable {
    private let zones = Mutex<[String: TimeZone?]>([:])

    func zone(named name: String) -> TimeZone? {
        zones.withLock { zones in
            if let cached = zones[name] { return cached }
            // Only names that are real IANA identifiers: abbreviations like "EST" read as fixed offsets.
            let zone = name == "UTC" || TimeZones.identifiers.contains(name) ? TimeZone(identifier: name) : nil
            zones[name] = zone
            return zone
        }
    }
}
