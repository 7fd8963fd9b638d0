import Foundation
import GantryGates
import GantryModel
import GantryStore

extension Engine {
    /// A slot older than this when a scheduler first sees it was missed (no scheduler ran then).
    ///
    /// A scheduler started by cron or a systemd timer every minute sees each slot well within
    /// it; `scheduler run` counts everything after its own start as seen.
    public static let missedAfter: TimeInterval = 300

    /// One pass of the scheduler: fires what is due, runs what waited, and records every outcome.
    ///
    /// In order: pipeline schedules are registered (or retired when their entry is gone);
    /// deferred slots whose window opened run; approved promotion requests whose window is open
    /// run; then every due slot is claimed and fired. Each slot is claimed by inserting its row
    /// before anything runs, so of several schedulers serving one store exactly one fires it.
    /// A stop request ends the pass before the next promotion starts.
    ///
    /// - Parameters:
    ///   - set: the pipelines, loaded afresh so edits are noticed; a broken file's schedules wait.
    ///   - onTimeFrom: slots before this instant count as missed (the scheduler's start minus
    ///     ``missedAfter``).
    public func schedulerPass(_ set: PipelineSet, onTimeFrom: Date) async throws(EngineError) -> SchedulerPassResult {
        let runner = triggered(by: .schedule)
        let now = clock.now()
        let pass = SchedulerPass(set: set, now: now, onTimeFrom: onTimeFrom)
        var decisions = set.entries.filter { $0.pipeline == nil }.map { entry in
            ScheduleDecision.notice(.invalid, pipeline: entry.name,
                                    message: "\(entry.file) does not validate; the schedules of \(entry.name) wait "
                                        + "until it does (`gantry validate \(entry.name)`)", severity: .usage)
        }
        let entries = try runner.syncSchedules(pass)
        decisions += try await runner.runDeferredSlots(pass)
        decisions += try await runner.runApprovedRequests(pass)
        let fired = try await runner.fireDueSlots(entries, pass: pass)
        decisions += fired.decisions
        let later = clock.now()
        var next = fired.upcoming
        if let oneOff = try engineCall({ try store.nextOneOff(after: later) }) { next.append(oneOff) }
        if let deferred = try engineCall({ try store.nextDeferredRun() }), deferred > later { next.append(deferred) }
        return SchedulerPassResult(decisions: decisions, nextDue: next.min())
    }

    /// Registers pipeline schedules the store does not know yet and retires those whose entry
    /// is gone; returns the schedules to check: every pipeline schedule of a valid pipeline,
    /// and the due one-off schedules.
    func syncSchedules(_ pass: SchedulerPass) throws(EngineError) -> [ScheduleEntry] {
        let stored = try engineCall { try store.schedulesToCheck(now: pass.now) }
        var records: [StateStore.PipelineScheduleKey: ScheduleRecord] = [:]
        for record in stored {
            guard let cron = record.cron else { continue }
            records[.init(pipeline: record.pipeline, environment: record.environment, cron: cron)] = record
        }
        var wanted: [(StateStore.PipelineScheduleKey, Schedule, Environment)] = []
        for pipeline in pass.set.pipelines {
            for env in pipeline.environments {
                for schedule in env.schedules {
                    wanted.append((.init(pipeline: pipeline.name, environment: env.name, cron: schedule.cron.source),
                                   schedule, env))
                }
            }
        }
        let wantedKeys = Set(wanted.map(\.0))
        let register = wanted.map(\.0).filter { records[$0] == nil }
        // A broken file keeps its schedules (it may be fixed); a valid pipeline without the
        // entry, or a pipeline that is gone, retires them.
        let broken = Set(pass.set.entries.filter { $0.pipeline == nil }.map(\.name))
        let retire = records.filter { !wantedKeys.contains($0.key) && !broken.contains($0.key.pipeline) }
        if !register.isEmpty || !retire.isEmpty {
            let details = (register.map { "registered \($0.pipeline)/\($0.environment) cron \($0.cron)" }
                + retire.keys.map { "retired \($0.pipeline)/\($0.environment) cron \($0.cron)" }).sorted()
            let synced = try engineCall {
                try store.syncPipelineSchedules(
                    register: register, retire: retire.values.map(\.id), createdBy: actor, now: pass.now,
                    audit: audit("schedule-sync", pipeline: nil, environment: nil, artifact: nil,
                                 outcome: "registered \(register.count), retired \(retire.count)",
                                 details: details.joined(separator: "\n")))
            }
            records = [:]
            for record in synced {
                guard let cron = record.cron else { continue }
                records[.init(pipeline: record.pipeline, environment: record.environment, cron: cron)] = record
            }
        }
        let cronEntries = wanted.map { key, schedule, env in
            ScheduleEntry(schedule, of: env, pipeline: key.pipeline, record: records[key])
        }
        let oneOffs = stored.filter { $0.runAt != nil }.compactMap { record in
            ScheduleEntry(oneOff: record, env: pass.pipeline(record.pipeline)?.environments.first { $0.name == record.environment })
        }
        return cronEntries + oneOffs
    }
}

/// What one scheduler pass works with.
struct SchedulerPass {
    let set: PipelineSet
    /// The instant the pass started.
    let now: Date
    /// Slots before this instant count as missed.
    let onTimeFrom: Date

    /// The valid pipeline named `name`.
    func pipeline(_ name: String) -> Pipeline? {
        set.entries.first { $0.name == name }?.pipeline
    }

    /// Whether a pipeline of that name is in the set but does not validate.
    func isBroken(_ name: String) -> Bool {
        set.entries.contains { $0.name == name && $0.pipeline == nil }
    }
}

extension Engine {
    /// One pass for `scheduler tick`: slots older than ``missedAfter`` count as missed.
    public func schedulerTick(_ set: PipelineSet) async throws(EngineError) -> SchedulerPassResult {
        try await schedulerPass(set, onTimeFrom: clock.now().addingTimeInterval(-Self.missedAfter))
    }
}
