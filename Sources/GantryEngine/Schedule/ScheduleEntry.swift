import Foundation
import GantryGates
import GantryModel
import GantryStore

/// A schedule as Gantry serves it: a pipeline's cron entry or a one-off, with what the store knows of it.
public struct ScheduleEntry: Sendable {
    /// When it fires.
    public enum When: Sendable {
        case cron(CronExpression)
        case once(Date)
    }

    /// The stored id; nil for a pipeline schedule no scheduler has registered yet.
    public var id: Int64?
    public var pipeline: String
    public var environment: String
    public var when: When
    /// The artifact it promotes; nil = what `from` runs when it fires.
    public var artifactTag: String?
    public var policy: SchedulePolicy
    /// Slots before this instant are not missed: the schedule did not exist yet.
    public var createdAt: Date?
    public var createdBy: String?
    public var lastFiredSlot: Date?
    /// The zone its cron is evaluated in: the environment's window zone, UTC if none.
    public var timeZone: TimeZone
    /// The zone as Gantry names it everywhere (`UTC`, `Europe/London`), for front ends.
    public var zoneName: String { timeZone.gantryName }

    /// True for a pipeline's `schedule:` entry, false for a one-off added at the terminal.
    public var fromPipeline: Bool {
        if case .cron = when { return true }
        return false
    }

    /// The schedule's identity in slot records: `cron <expression>` or `once #<id>`.
    public var key: String {
        switch when {
        case .cron(let cron): ScheduleRecord.key(cron: cron.source, id: id)
        case .once: ScheduleRecord.key(cron: nil, id: id)
        }
    }

    /// The first slot strictly after `date`, if any.
    public func nextSlot(after date: Date) -> Date? {
        switch when {
        case .cron(let cron): cron.next(after: date, in: timeZone)?.instant
        case .once(let at): at > date && lastFiredSlot == nil ? at : nil
        }
    }

    /// A pipeline schedule, matched with its stored record when there is one.
    init(_ schedule: Schedule, of env: Environment, pipeline: String, record: ScheduleRecord?) {
        id = record?.id
        self.pipeline = pipeline
        environment = env.name
        when = .cron(schedule.cron)
        artifactTag = nil
        policy = schedule.policy
        createdAt = record?.createdAt
        createdBy = record?.createdBy
        lastFiredSlot = record?.lastFiredSlot
        timeZone = Self.zone(of: env)
    }

    /// A one-off schedule; `env` is nil when its environment no longer exists.
    init?(oneOff record: ScheduleRecord, env: Environment?) {
        guard let at = record.runAt else { return nil }
        id = record.id
        pipeline = record.pipeline
        environment = record.environment
        when = .once(at)
        artifactTag = record.artifactTag
        policy = SchedulePolicy(onClosedWindow: SchedulePolicy.ClosedWindow(rawValue: record.onClosedWindow) ?? .skip,
                                missed: SchedulePolicy.Missed(rawValue: record.missed) ?? .latest)
        createdAt = record.createdAt
        createdBy = record.createdBy
        lastFiredSlot = record.lastFiredSlot
        timeZone = env.map(Self.zone(of:)) ?? .gmt
    }

    static func zone(of env: Environment) -> TimeZone {
        env.windows?.timeZone ?? .gmt
    }
}
