import ArgumentParser
import Foundation
import GantryEngine
import GantryGates
import GantryStore

/// `gantry schedule list`: every schedule with its next fire time and last outcome.
struct ScheduleList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List schedules (pipeline and one-off), their next fire time and last outcome.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name (default: all).") var pipeline: String?

    struct Item: Encodable {
        struct Last: Encodable {
            var slot: Date
            var status: String
            @NullEncoded var gate: String?
            @NullEncoded var reason: String?
            @NullEncoded var deploymentId: Int64?
        }

        @NullEncoded var id: Int64?
        var pipeline: String
        var environment: String
        var source: String
        @NullEncoded var cron: String?
        @NullEncoded var runAt: Date?
        var timezone: String
        @NullEncoded var artifact: String?
        var onClosedWindow: String
        var missed: String
        @NullEncoded var nextAt: Date?
        @NullEncoded var last: Last?
    }

    func run() async throws {
        let context = CommandContext(global)
        let set = try global.loadPipelines()
        if let pipeline { _ = try set.pipeline(named: pipeline) }
        for entry in set.entries where entry.pipeline == nil && (pipeline == nil || entry.name == pipeline) {
            Terminal.error("gantry: \(entry.file) does not validate; its schedules are not listed")
        }
        let listings = try context.engine().scheduleList(set, pipeline: pipeline)
        if global.json {
            Terminal.out(try JSONOutput.encode(["schedules": listings.map(Self.item)]))
            return
        }
        if listings.isEmpty { Terminal.out("no schedules"); return }
        for listing in listings {
            let entry = listing.entry
            let id = entry.id.map { "#\($0)" } ?? "-"
            var what = "\(entry.pipeline)/\(entry.environment) \(ScheduleText.when(entry))"
            if let tag = entry.artifactTag { what += " artifact \(tag)" }
            if entry.policy.onClosedWindow == .defer { what += " on_closed_window: defer" }
            if entry.policy.missed == .skip { what += " missed: skip" }
            let next = listing.nextAt.map { "next \(WindowFormat.iso8601($0, in: entry.timeZone))" } ?? "no next slot"
            let last = listing.last.map { "last: \($0.outcomeText(in: entry.timeZone))" }
                ?? (entry.id == nil ? "registered on the scheduler's next pass" : "never fired")
            Terminal.out("\(id.padding(toLength: 5, withPad: " ", startingAt: 0)) \(what)")
            Terminal.out("      \(next) (\(entry.timeZone.gantryName)); \(last)")
        }
    }

    static func item(_ listing: Engine.ScheduleListing) -> Item {
        item(listing.entry, nextAt: listing.nextAt, last: listing.last)
    }

    static func item(_ entry: ScheduleEntry, nextAt: Date?, last: ScheduleSlot?) -> Item {
        var cron: String?, runAt: Date?
        switch entry.when {
        case .cron(let expression): cron = expression.source
        case .once(let at): runAt = at
        }
        return Item(id: entry.id, pipeline: entry.pipeline, environment: entry.environment,
                    source: entry.fromPipeline ? "pipeline" : "one-off", cron: cron, runAt: runAt,
                    timezone: entry.timeZone.gantryName, artifact: entry.artifactTag,
                    onClosedWindow: entry.policy.onClosedWindow.rawValue, missed: entry.policy.missed.rawValue,
                    nextAt: nextAt,
                    last: last.map { Item.Last(slot: $0.slot, status: $0.state.rawValue, gate: $0.gate,
                                                       reason: $0.reason, deploymentId: $0.deploymentID) })
    }
}
