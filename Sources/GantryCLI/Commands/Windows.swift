import ArgumentParser

/// `gantry windows`: Whether the window is open now, and the next opening or closing.
struct Windows: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "windows",
        abstract: "Whether the window is open now, and the next opening or closing.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment.") var environment: String
    @Option(help: ArgumentHelp("Show the windows as of this ISO-8601 time (display only).", valueName: "time"))
    var at: String?

    func run() async throws {
        throw CLIError.notAvailable(verb: "windows")
    }
}
