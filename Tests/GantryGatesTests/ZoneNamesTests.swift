import Foundation
import GantryTestSupport
import Testing
@testable import GantryGates

/// Zone names against the system tz database, as Python's `zoneinfo` lists it.
@Suite struct ZoneNamesTests {
    /// Names Python lists that Gantry refuses on purpose: abbreviations (a fixed offset where
    /// people mean a region with daylight saving) and the machine's own `localtime` link.
    static let refusedOnPurpose: Set<String> = ["CET", "EET", "EST", "HST", "MST", "WET", "localtime"]

    /// `zoneinfo.available_timezones()`, read from python3 now (not a copy that could go stale).
    static func pythonZones() throws -> Set<String> {
        let result = try ChildProcess.run("/usr/bin/env", [
            "python3", "-c", "import zoneinfo; print('\\n'.join(sorted(zoneinfo.available_timezones())))",
        ])
        guard result.status == 0 else { throw TestFailure("python3 failed: \(result.stderr)") }
        return Set(result.stdout.split(separator: "\n").map(String.init))
    }

    @Test func everyZoneOfTheDatabaseIsAcceptedButAbbreviations() throws {
        let python = try Self.pythonZones()
        #expect(python.count > 400, "python3 listed only \(python.count) zones")
        #expect(python.contains("Asia/Kolkata") && python.contains("America/New_York"))
        #expect(Self.refusedOnPurpose.isSubset(of: python))
        var refused: [String] = []
        for name in python.sorted() where ZoneNames.zone(named: name) == nil { refused.append(name) }
        #expect(Set(refused) == Self.refusedOnPurpose)
        #expect(Set(ZoneNames.all) == python.subtracting(Self.refusedOnPurpose))
    }

    @Test func zonesMissingFromFoundationsListAreAccepted() throws {
        for name in ["Asia/Kolkata", "Etc/GMT+5", "GB", "Zulu", "UCT", "Etc/UTC"] {
            #expect(!TimeZone.knownTimeZoneIdentifiers.contains(name) || name == "Etc/UTC")
            let zone = try #require(ZoneNames.zone(named: name), "\(name) refused")
            #expect(zone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_800_000_000)) ==
                    (name == "Asia/Kolkata" ? 19_800 : name == "Etc/GMT+5" ? -18_000 : 0))
        }
    }

    @Test func abbreviationsAreRefusedWithTheZoneTheyUsuallyMean() {
        #expect(ZoneNames.lookup("EST") == .abbreviation(suggestion: "America/New_York"))
        #expect(ZoneNames.lookup("CET") == .abbreviation(suggestion: TimeZone.abbreviationDictionary["CET"]))
        #expect(ZoneNames.zone(named: "UTC") != nil)
        #expect(ZoneNames.zone(named: "GMT") != nil)
        // An abbreviation without a zone file of that name is simply unknown.
        #expect(ZoneNames.lookup("PDT") == .unknown)
    }

    @Test func filesThatAreNotZonesAndOtherTreesAreRefused() {
        for name in ["posix/Europe/London", "right/Europe/London", "zone.tab", "tzdata.zi", "leapseconds",
                     "posixrules", "localtime", "../zoneinfo/Europe/London", "Europe/../Europe/London",
                     "/usr/share/zoneinfo/Europe/London", "Europe", "", "europe/london", "Europe/London/"] {
            #expect(ZoneNames.lookup(name) == .unknown, "\(name) should be refused")
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
