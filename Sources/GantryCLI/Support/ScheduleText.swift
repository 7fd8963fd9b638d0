import Foundation
import GantryEngine
import GantryGates
import GantryModel

/// Shared option parsing and wording of the schedule verbs.
enum ScheduleText {
    /// `--timezone`: UTC when absent; a usage error (with a suggestion) when unknown.
    static func zone(_ name: String?) throws -> TimeZone {
        guard let name else { return .gmt }
        guard let zone = TimeZoneName.zone(name) else {
            throw CLIError.usage("gantry: error: unknown time zone '\(name)'\(TimeZoneName.hint(for: name))")
        }
        return zone
    }

    /// An ISO-8601 time option (`--at`, `--after`); nil when absent.
    static func time(_ text: String?, flag: String) throws -> Date? {
        guard let text else { return nil }
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
