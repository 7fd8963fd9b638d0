import ArgumentParser

/// `gantry scheduler`: fires due schedules and approved requests.
struct Scheduler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Fire due schedules and run approved promotions.",
        subcommands: [SchedulerTick.self, SchedulerRun.self])
}
