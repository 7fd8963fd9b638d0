import Foundation

/// IANA time zones as pipelines accept them, for command-line options that name a zone.
public enum TimeZoneName {
    /// The zone named `name` (`UTC` or an IANA name; abbreviations such as `EST` are refused).
    public static func zone(_ name: String) -> TimeZone? { TimeZones.zone(named: name) }

    /// " (did you mean 'Europe/London'?)" for a misspelt name, or "".
    public static func hint(for name: String) -> String {
        Suggestion.closest(to: name, among: TimeZones.identifiers).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
