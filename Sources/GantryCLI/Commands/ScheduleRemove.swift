import ArgumentParser
import GantryEngine

/// `gantry schedule remove`: removes a one-off schedule.
struct ScheduleRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a one-off schedule (audited; pipeline schedules are removed from their file).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Schedule id (see `gantry schedule list`).") var id: String

    func run() async throws {
        let number = Int64(id.hasPrefix("#") ? String(id.dropFirst()) : id)
        guard let number, number > 0 else {
            throw CLIError.usage("gantry: error: schedule id must be a number such as 7, found '\(id)'")
        }
        let removed = try CommandContext(global).engine().removeSchedule(id: number)
        if global.json {
            Terminal.out(try JSONOutput.encode(["removed": removed.id]))
        } else {
            Terminal.out("removed schedule #\(removed.id) (\(removed.pipeline)/\(removed.environment))")
        }
    }
}
