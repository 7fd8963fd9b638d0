import Foundation
import GantryEngine
import GantryGates
import GantryModel

/// Shared option parsing and wording of the schedule verbs.
enum ScheduleText {
    /// `--timezone`: UTC when absent; a usage error (with a suggestion) when unknown.
    static func zone(_ name: String?) throws -> TimeZone {
        guard let name else { return .gmt }
        switch ZoneNames.lookup(name) {
        case let .zone(zone):
            return zone
        case let .abbreviation(suggestion):
            throw CLIError.usage("gantry: error: '\(name)' is an abbreviation, not a time zone (it ignores daylight saving)"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
        case .unknown:
            let hint = Suggestion.closest(to: name, among: ZoneNames.all).map { " (did you mean '\($0)'?)" } ?? ""
            throw CLIError.usage("gantry: error: unknown time zone '\(name)'\(hint)")
        }
    }

    /// An ISO-8601 time option (`--at`, `--after`), with an offset.
    static func time(_ text: String, flag: String) throws -> Date {
        do {
            return try WindowFormat.parseISO8601(text)
        } catch {
            throw CLIError.usage("gantry: error: \(flag): \(error)")
        }
    }

    /// Why a fire time differs from the wall-clock time it names, if it does.
    static func shiftNote(_ fire: CronFire) -> String? {
        let named = String(format: "%02d:%02d", fire.local.hour, fire.local.minute)
        switch fire.shift {
        case .skipped?: return "DST gap: \(named) does not exist that day; fires at the first instant after the jump"
        case .repeated?: return "DST repeat: \(named) occurs twice that day; fires at the first"
        case nil: return nil
        }
    }

    /// How a schedule is written: its cron, or `once` and its time.
    static func when(_ entry: ScheduleEntry) -> String {
        switch entry.when {
        case .cron(let cron): "cron \"\(cron.source)\""
        case .once(let at): "once at \(WindowFormat.iso8601(at, in: entry.timeZone))"
        }
    }
}
