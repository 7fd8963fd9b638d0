import ArgumentParser
import Foundation
import GantryEngine
import GantryGates

/// `gantry schedule preview`: upcoming slots, the artifact each would promote, the gates that would block it.
struct SchedulePreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Upcoming slots of an environment's schedules and what would block each one now.",
        discussion: """
            Each slot shows its time in the environment's zone and in UTC (DST gaps and repeats flagged), the artifact
            it would promote now, and every gate that would block it: freeze or window (as they will be at the slot),
            approval, path and parity (as they are now). Nothing is recorded.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment.") var environment: String
    @Option(help: "How many upcoming slots (1-100).") var next = 5

    struct Output: Encodable {
        struct Slot: Encodable {
            var schedule: String
            var at: Date
            var local: String
            var wallClock: String
            @NullEncoded var dst: String?
            @NullEncoded var artifact: String?
            var action: String
            var blockedBy: [SchedulePreview.Blocker]
            @NullEncoded var deferredTo: String?
        }

        var pipeline: String
        var environment: String
        var timezone: String
        @NullEncoded var from: String?
        @NullEncoded var artifact: String?
        var slots: [Slot]
    }

    func run() async throws {
        guard (1...100).contains(next) else {
            throw CLIError.usage("gantry: error: --next must be between 1 and 100, found \(next)")
        }
        let context = CommandContext(global)
        let loaded = try context.pipeline(named: pipeline)
        let preview = try await context.engine().schedulePreview(loaded, environment: environment, count: next)
        let zone = preview.timeZone
        if global.json {
            Terminal.out(try JSONOutput.encode(Output(
                pipeline: preview.pipeline, environment: preview.environment, timezone: zone.gantryName,
                from: preview.from, artifact: preview.fromArtifact,
                slots: preview.slots.map { slot in
                    Output.Slot(schedule: slot.schedule, at: slot.fire.instant,
                                local: WindowFormat.iso8601(slot.fire.instant, in: zone),
                                wallClock: slot.fire.local.description, dst: slot.fire.shift?.rawValue,
                                artifact: slot.artifact, action: slot.action.rawValue, blockedBy: slot.blockedBy,
                                deferredTo: slot.deferredTo.map { WindowFormat.iso8601($0, in: zone) })
                })))
            return
        }
        let source = preview.from.map { from in
            "promotes what \(from) runs" + (preview.fromArtifact.map { " (now \($0))" } ?? " (nothing yet)")
        } ?? "promotes the artifact each schedule names"
        Terminal.out("\(preview.pipeline)/\(preview.environment): times in \(zone.gantryName); \(source)")
        if preview.slots.isEmpty { Terminal.out("no upcoming slots: \(preview.environment) has no schedules") }
        let year = LocalDateTime(SystemClock().now(), in: zone).year
        for slot in preview.slots {
            let when = "\(slot.fire.local.dayAndTime(currentYear: year)) (\(WindowFormat.iso8601(slot.fire.instant, in: .gmt)))"
            Terminal.out("\(when) \(slot.schedule): \(Self.verdict(slot, zone: zone, year: year))")
            if let note = ScheduleText.shiftNote(slot.fire) {
                Terminal.out("    \(note): \(WindowFormat.iso8601(slot.fire.instant, in: zone))")
            }
        }
    }

    /// `frozen (Holiday freeze), would be deferred to Mon 4 Jan 09:00`, `would promote v1.4`, ….
    static func verdict(_ slot: SchedulePreview.Slot, zone: TimeZone, year: Int) -> String {
        var parts: [String] = []
        if let window = slot.window, !window.isOpen {
            if case .freeze(let freeze)? = window.match {
                parts.append("frozen (\(freeze.reason.map { $0.isEmpty ? "freeze" : $0 } ?? "freeze"))")
            } else {
                parts.append("window closed (\(window.reason))")
            }
            if let opens = slot.deferredTo {
                parts[0] += ", would be deferred to \(LocalDateTime(opens, in: zone).dayAndTime(currentYear: year))"
            } else {
                parts[0] += ", would be recorded as blocked (on_closed_window: skip)"
            }
        }
        let others = slot.blockedBy.filter { $0.gate != "freeze" && $0.gate != "window" }
        if !others.isEmpty {
            parts.append("blocked now by " + others.map { "\($0.gate): \($0.reason)" }.joined(separator: "; "))
        }
        if parts.isEmpty { return "would promote \(slot.artifact ?? "?")" }
        return parts.joined(separator: "; ") + (slot.artifact.map { " [artifact \($0)]" } ?? "")
    }
}
