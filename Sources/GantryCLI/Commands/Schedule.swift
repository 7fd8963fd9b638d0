import ArgumentParser

/// `gantry schedule`: pipeline and one-off schedules.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Scheduled promotions: list, add, remove, preview, history, next.",
        subcommands: [ScheduleList.self, ScheduleAdd.self, ScheduleRemove.self, ScheduleNext.self,
                      SchedulePreviewCommand.self, ScheduleHistory.self])
}
