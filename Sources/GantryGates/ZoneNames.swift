import Foundation
import Synchronization

/// Time zone names as the system's tz database has them, for pipelines and the command line.
///
/// Foundation's `knownTimeZoneIdentifiers` comes from ICU and lacks some current canonical names
/// (`Asia/Kolkata`), although `TimeZone(identifier:)` loads them from the tz database. A name is
/// a zone here when it names a zone file (`TZif`) under ``databaseFolder`` that Foundation loads,
/// with three exceptions:
/// - names that are also time-zone abbreviations (`EST`, `MST`, `CET`, …): people write `EST`
///   meaning New York, and get a fixed offset without daylight saving. `UTC` and `GMT` stay.
/// - the `posix/` and `right/` copies of the database, and `localtime` / `posixrules` (the
///   machine's own settings, not names of zones);
/// - anything that is not a zone file (`zone.tab`, `leapseconds`, a path with `..`).
public enum ZoneNames {
    /// Where the tz database lives (Foundation reads it from the same folder).
    public static let databaseFolder = "/usr/share/zoneinfo"

    /// What a name is.
    public enum Lookup: Sendable, Equatable {
        case zone(TimeZone)
        /// A time-zone abbreviation; `suggestion` is the zone it usually stands for, if known.
        case abbreviation(suggestion: String?)
        case unknown
    }

    /// Looks a name up (cached: validating many pipelines reads each zone file once).
    public static func lookup(_ name: String) -> Lookup { cache.lookup(name) }

    /// The zone of that name, or nil when ``lookup(_:)`` does not find a zone.
    public static func zone(named name: String) -> TimeZone? {
        if case let .zone(zone) = lookup(name) { return zone }
        return nil
    }

    /// Every accepted name, sorted (for did-you-mean hints; read from the database on first use).
    public static var all: [String] { allNames.value }

    private static let cache = ZoneCache()
    private static let allNames = AllNames()

    /// Names refused although a zone file of that name exists.
    static let notZoneNames: Set<String> = ["localtime", "posixrules"]
    /// Abbreviations that are also unambiguous zones: they stay accepted.
    static let acceptedAbbreviations: Set<String> = ["UTC", "GMT"]

    /// The uncached check behind ``lookup(_:)``.
    static func classify(_ name: String) -> Lookup {
        if name == "UTC" { return TimeZone(identifier: "UTC").map(Lookup.zone) ?? .unknown }
        guard isWellFormed(name), isZoneFile(name) else { return .unknown }
        if !acceptedAbbreviations.contains(name), let usual = TimeZone.abbreviationDictionary[name] {
            return .abbreviation(suggestion: usual)
        }
        return TimeZone(identifier: name).map(Lookup.zone) ?? .unknown
    }

    /// Relative names made of letters, digits and `_+-`, in folders, never `posix/…` or `right/…`.
    static func isWellFormed(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !notZoneNames.contains(name), let first = parts.first,
              first != "posix", first != "right" else { return false }
        return parts.allSatisfy { part in
            guard let head = part.utf8.first, head != UInt8(ascii: "."), head != UInt8(ascii: "-") else { return false }
            return part.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            }
        }
    }

    /// Whether `databaseFolder/name` is a compiled zone file (it starts with the `TZif` magic).
    static func isZoneFile(_ name: String) -> Bool {
        let fd = open(databaseFolder + "/" + name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        var magic = [UInt8](repeating: 0, count: 4)
        return read(fd, &magic, 4) == 4 && magic == Array("TZif".utf8)
    }

    /// Every file under the database folder, as relative names, without the posix/right copies.
    static func candidates() -> [String] {
        var names: [String] = []
        var folders = [""]
        while let folder = folders.popLast() {
            let path = folder.isEmpty ? databaseFolder : databaseFolder + "/" + folder
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
            for entry in entries {
                let name = folder.isEmpty ? entry : folder + "/" + entry
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: databaseFolder + "/" + name, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue {
                    if name != "posix" && name != "right" { folders.append(name) }
                } else {
                    names.append(name)
                }
            }
        }
        return names
    }
}

private final class ZoneCache: Sendable {
    private let lookups = Mutex<[String: ZoneNames.Lookup]>([:])

    func lookup(_ name: String) -> ZoneNames.Lookup {
        if let cached = lookups.withLock({ $0[name] }) { return cached }
        let found = ZoneNames.classify(name)
        lookups.withLock { $0[name] = found }
        return found
    }
}

private final class AllNames: Sendable {
    private let names = Mutex<[String]?>(nil)

    var value: [String] {
        if let known = names.withLock({ $0 }) { return known }
        let found = (ZoneNames.candidates().filter { ZoneNames.zone(named: $0) != nil } + ["UTC"])
        let sorted = Array(Set(found)).sorted()
        names.withLock { $0 = sorted }
        return sorted
    }
}
