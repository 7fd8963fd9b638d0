import ArgumentParser

/// `gantry schedule`: pipeline and one-off schedules.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "List, add and remove scheduled promotions; preview cron fire times.",
        subcommands: [ScheduleList.self, ScheduleAdd.self, ScheduleRemove.self, ScheduleNext.self])
}

/// `gantry schedule list`.
struct ScheduleList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List schedules and their last runs.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name (default: all).") var pipeline: String?

    func run() async throws { throw CLIError.notAvailable(verb: "schedule list") }
}

/// `gantry schedule add`.
struct ScheduleAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Schedule a one-off promotion.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment.") var environment: String
    @Option(help: ArgumentHelp("When to promote (ISO-8601 with offset).", valueName: "time")) var at: String
    @Option(help: ArgumentHelp("Artifact tag (default: what the from environment runs then).", valueName: "tag"))
    var artifact: String?

    func run() async throws { throw CLIError.notAvailable(verb: "schedule add") }
}

/// `gantry schedule remove`.
struct ScheduleRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a one-off schedule.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Schedule id.") var id: String

    func run() async throws { throw CLIError.notAvailable(verb: "schedule remove") }
}

/// `gantry schedule next`.
struct ScheduleNext: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "next", abstract: "Print the next fire times of a cron expression.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A 5-field cron expression or @hourly/@daily/@weekly/@monthly/@yearly.") var cron: String
    @Option(help: ArgumentHelp("IANA time zone (default: UTC).", valueName: "tz")) var timezone: String?
    @Option(help: ArgumentHelp("Start after this ISO-8601 time (default: now).", valueName: "time")) var after: String?
    @Option(help: "How many times to print.") var count: Int = 5

    func run() async throws { throw CLIError.notAvailable(verb: "schedule next") }
}
