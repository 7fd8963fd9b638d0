import ArgumentParser
import GantryModel

/// `gantry plan`: what would run where, and which gates apply — without running anything.
struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the hosts, the commands and the gates of a deployment without running it.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment.") var environment: String
    @Option(help: ArgumentHelp("Artifact tag to show (default: a placeholder).", valueName: "tag")) var artifact: String?

    func run() async throws {
        let set = try global.loadPipelines()
        let loaded = try set.pipeline(named: pipeline)
        let report = try PlanReport(pipeline: loaded, environment: try loaded.environment(named: environment),
                                    artifact: artifact)
        if global.json {
            Terminal.out(try JSONOutput.encode(report))
        } else {
            Terminal.out(report.text(color: global.useColor))
        }
    }
}
