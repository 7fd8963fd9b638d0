import Foundation

extension TimeZone {
    /// The zone's name as Gantry shows it in reasons and human times.
    ///
    /// Foundation on Linux reports `TimeZone(identifier: "UTC")` as `GMT`; pipelines and the
    /// contract say `UTC` (the default zone), so that is what users read. Every other zone keeps
    /// its IANA identifier.
    public var gantryName: String {
        identifier == "GMT" ? "UTC" : identifier
    }
}
