import Foundation
import GantryGates
import GantryModel

/// Times as people read them on a terminal: local to the environment's zone, with how long ago
/// (`Sun 18:02 Europe/London (14 min ago)`); ISO-8601 with an offset when output is not a
/// terminal, so scripts reading text keep an exact form. `--json` always has ISO-8601.
struct PeopleTimes {
    let zones: [String: TimeZone]
    let forPeople: Bool
    let now: Date

    init(pipeline: Pipeline, now: Date = Date(), forPeople: Bool = isatty(STDOUT_FILENO) == 1) {
        var zones: [String: TimeZone] = [:]
        for env in pipeline.environments { zones[env.name] = env.windows?.timeZone }
        self.zones = zones
        self.forPeople = forPeople
        self.now = now
    }

    /// `date` for a record of `environment` (its window zone, else UTC).
    func show(_ date: Date, environment: String) -> String {
        let zone = zones[environment] ?? TimeZone(identifier: "UTC")!
        return forPeople ? WindowFormat.forPeople(date, in: zone, now: now) : WindowFormat.iso8601(date, in: zone)
    }
}
