import ArgumentParser
import Foundation
import GantryEngine
import GantryGates

/// `gantry schedule add`: a one-off scheduled promotion.
struct ScheduleAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Schedule a one-off promotion (audited).",
        discussion: "It fires when a scheduler (`gantry scheduler tick` or `run`) serves the store, through every gate.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment.") var environment: String
    @Option(help: ArgumentHelp("When to promote (ISO-8601 with offset, in the future).", valueName: "time")) var at: String
    @Option(help: ArgumentHelp("Artifact tag (default: what the from environment runs then).", valueName: "tag"))
    var artifact: String?
    @Option(help: ArgumentHelp("skip (record it as blocked) or defer (run at the next opening).", valueName: "skip|defer"))
    var onClosedWindow: String = "skip"
    @Option(help: ArgumentHelp("latest (fire late if no scheduler ran then) or skip.", valueName: "latest|skip"))
    var missed: String = "latest"

    func run() async throws {
        let context = CommandContext(global)
        guard let closed = SchedulePolicy.ClosedWindow(rawValue: onClosedWindow) else {
            throw CLIError.usage("gantry: error: --on-closed-window must be skip or defer, found '\(onClosedWindow)'")
        }
        guard let missedPolicy = SchedulePolicy.Missed(rawValue: missed) else {
            throw CLIError.usage("gantry: error: --missed must be latest or skip, found '\(missed)'")
        }
        let time = try ScheduleText.time(at, flag: "--at")
        let loaded = try context.pipeline(named: pipeline)
        let entry = try context.engine().addOneOffSchedule(
            loaded, environment: environment, at: time, artifact: artifact,
            policy: SchedulePolicy(onClosedWindow: closed, missed: missedPolicy))
        if global.json {
            Terminal.out(try JSONOutput.encode(ScheduleList.item(entry, nextAt: time, last: nil)))
            return
        }
        Terminal.out("schedule #\(entry.id ?? 0): \(loaded.name)/\(environment) \(ScheduleText.when(entry)), promoting "
            + (artifact ?? "what the from environment runs then") + "; a running scheduler fires it")
    }
}
