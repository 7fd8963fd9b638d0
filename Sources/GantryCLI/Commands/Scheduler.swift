import ArgumentParser

/// `gantry scheduler`: fires due schedules and approved requests.
struct Scheduler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Fire due schedules and run approved promotions.",
        subcommands: [SchedulerTick.self, SchedulerRun.self])
}

/// `gantry scheduler tick`: one pass, for cron or systemd timers.
struct SchedulerTick: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tick", abstract: "Fire what is due now, once.")

    @OptionGroup var global: GlobalOptions

    func run() async throws { throw CLIError.notAvailable(verb: "scheduler tick") }
}

/// `gantry scheduler run`: the long-running form.
struct SchedulerRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Keep firing due schedules until stopped.")

    @OptionGroup var global: GlobalOptions

    func run() async throws { throw CLIError.notAvailable(verb: "scheduler run") }
}
