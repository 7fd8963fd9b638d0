import ArgumentParser
import Foundation
import GantryEngine
import GantryGates

/// `gantry schedule history`: each claimed slot and its outcome, newest first.
struct ScheduleHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Each slot of the schedules and its outcome, newest first.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name (default: all).") var pipeline: String?
    @Option(help: "How many slots to show.") var limit = 50

    struct Row: Encodable {
        var pipeline: String
        var environment: String
        var schedule: String
        var slot: Date
        var status: String
        @NullEncoded var artifact: String?
        @NullEncoded var gate: String?
        @NullEncoded var reason: String?
        @NullEncoded var deploymentId: Int64?
        var deferred: Bool
        @NullEncoded var runAfter: Date?
        @NullEncoded var missedFrom: Date?
        var claimedBy: String
        @NullEncoded var finishedAt: Date?
    }

    func run() async throws {
        let rows = try CommandContext(global).engine().scheduleHistory(pipeline: pipeline, limit: limit)
        if global.json {
            Terminal.out(try JSONOutput.encode(["slots": rows.map {
                Row(pipeline: $0.pipeline, environment: $0.environment, schedule: $0.schedule, slot: $0.slot,
                    status: $0.state.rawValue, artifact: $0.artifactTag, gate: $0.gate, reason: $0.reason,
                    deploymentId: $0.deploymentID, deferred: $0.wasDeferred || $0.state == .deferred,
                    runAfter: $0.runAfter, missedFrom: $0.missedFrom, claimedBy: $0.claimedBy, finishedAt: $0.finishedAt)
            }]))
            return
        }
        if rows.isEmpty { Terminal.out("no schedule has fired yet"); return }
        for row in rows {
            Terminal.out("\(WindowFormat.iso8601(row.slot, in: .gmt))  \(row.pipeline)/\(row.environment)  \(row.schedule)  "
                + row.outcomeText(in: .gmt))
        }
    }
}
