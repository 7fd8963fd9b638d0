import Foundation
import GantryGates
import GantryModel
import GantryStore

extension Engine {
    /// One schedule as `gantry schedule list` shows it.
    public struct ScheduleListing: Sendable {
        public var entry: ScheduleEntry
        /// The next slot after now; nil for a one-off that has fired.
        public var nextAt: Date?
        /// The latest slot claimed, with its outcome.
        public var last: ScheduleSlot?
    }

    /// Every schedule of the valid pipelines in `set` (or of `pipeline`) and every one-off, with
    /// its next fire time and its last outcome.
    ///
    /// A pipeline schedule no scheduler has registered yet is listed without an id.
    public func scheduleList(_ set: PipelineSet, pipeline name: String? = nil) throws(EngineError) -> [ScheduleListing] {
        let now = clock.now()
        let records = try engineCall { try store.schedules(pipeline: name) }
        var latest: [String: ScheduleSlot] = [:]
        for slot in try engineCall({ try store.latestSlots() }) {
            latest["\(slot.pipeline)\u{0}\(slot.environment)\u{0}\(slot.schedule)"] = slot
        }
        var entries: [ScheduleEntry] = []
        for pipeline in set.pipelines where name == nil || pipeline.name == name {
            for env in pipeline.environments {
                for schedule in env.schedules {
                    let record = records.first {
                        $0.pipeline == pipeline.name && $0.environment == env.name && $0.cron == schedule.cron.source
                    }
                    entries.append(ScheduleEntry(schedule, of: env, pipeline: pipeline.name, record: record))
                }
            }
        }
        for record in records where record.runAt != nil {
            let env = set.entries.first { $0.name == record.pipeline }?.pipeline?.environments.first { $0.name == record.environment }
            if let entry = ScheduleEntry(oneOff: record, env: env) { entries.append(entry) }
        }
        return entries.map { entry in
            ScheduleListing(entry: entry, nextAt: entry.nextSlot(after: now),
                            last: latest["\(entry.pipeline)\u{0}\(entry.environment)\u{0}\(entry.key)"])
        }
    }

    /// Adds a one-off scheduled promotion (audited).
    ///
    /// - Parameters:
    ///   - at: when it fires; a time not in the future is refused.
    ///   - tag: the artifact; nil = what `from` runs when it fires (required for an entry environment).
    public func addOneOffSchedule(_ pipeline: Pipeline, environment: String, at: Date, artifact tag: String?,
                                  policy: SchedulePolicy = SchedulePolicy()) throws(EngineError) -> ScheduleEntry {
        let env = try engineCall { try pipeline.environment(named: environment) }
        let now = clock.now()
        let zone = ScheduleEntry.zone(of: env)
        guard at > now else {
            throw .configuration("\(WindowFormat.iso8601(at, in: zone)) is in the past (now is "
                + "\(WindowFormat.iso8601(now, in: zone))); a one-off schedule needs a future time")
        }
        if env.from == nil && tag == nil {
            throw .configuration("\(environment) is an entry environment: a schedule for it needs --artifact TAG")
        }
        if let tag { _ = try recordedArtifact(pipeline, tag: tag) }
        let what = "\(tag ?? "what \(env.from ?? "from") runs then") at \(WindowFormat.iso8601(at, in: zone))"
        let record = try engineCall {
            try store.addSchedule(pipeline: pipeline.name, environment: env.name, cron: nil, runAt: at, artifactTag: tag,
                                  onClosedWindow: policy.onClosedWindow.rawValue, missed: policy.missed.rawValue,
                                  createdBy: actor, now: now,
                                  audit: audit("schedule-add", pipeline: pipeline.name, environment: env.name, artifact: tag,
                                               outcome: "added", details: "one-off: \(what); on_closed_window: "
                                                   + "\(policy.onClosedWindow.rawValue), missed: \(policy.missed.rawValue)"))
        }
        guard let entry = ScheduleEntry(oneOff: record, env: env) else {
            throw .infrastructure("schedule #\(record.id) was stored without its time")
        }
        return entry
    }

    /// Removes a one-off schedule (audited); its slot history stays.
    ///
    /// Pipeline schedules live in their pipeline file and are removed there.
    public func removeSchedule(id: Int64) throws(EngineError) -> ScheduleRecord {
        guard let record = try engineCall({ try store.schedule(id: id) }) else {
            throw .configuration("there is no schedule #\(id) (`gantry schedule list` shows them)")
        }
        if let cron = record.cron {
            throw .configuration("schedule #\(id) is the pipeline schedule '\(cron)' of \(record.pipeline)/\(record.environment); "
                + "remove it from the pipeline file")
        }
        try engineCall {
            try store.removeSchedule(id: id, audit: audit("schedule-remove", pipeline: record.pipeline,
                                                          environment: record.environment, artifact: record.artifactTag,
                                                          outcome: "removed", details: "one-off schedule #\(id)"))
        }
        return record
    }

    /// Claimed slots and their outcomes, newest first.
    public func scheduleHistory(pipeline: String? = nil, limit: Int = 50) throws(EngineError) -> [ScheduleSlot] {
        try engineCall { try store.scheduleSlots(pipeline: pipeline, limit: limit) }
    }
}
