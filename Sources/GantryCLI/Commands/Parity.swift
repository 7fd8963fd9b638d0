import ArgumentParser
import Foundation
import GantryEngine
import GantryGates

/// `gantry parity`: compare two environments (or every environment with its `from`).
struct Parity: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parity",
        abstract: "Compare two environments: artifact, configuration keys, migrations, facts.",
        discussion: """
            Each difference is pending (the environment further along the promotion path is behind), \
            documented (a parity.allow entry) or drift. Exit 0 without drift, 3 with drift, 4 when a host \
            cannot be reached.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "First environment (omit with --all).") var environmentA: String?
    @Argument(help: "Second environment.") var environmentB: String?
    @Flag(help: "Compare every environment with its from: environment, in one report.") var all = false
    @Option(help: ArgumentHelp("Also list fact changes seen since this date (YYYY-MM-DD, UTC) or ISO-8601 time.",
                               valueName: "date"))
    var since: String?

    func run() async throws {
        if all != (environmentA == nil) || (environmentA == nil) != (environmentB == nil) {
            throw CLIError.usage("gantry: error: give two environments (ENV_A ENV_B), or --all without environments")
        }
        let sinceDate = try since.map(Self.date)
        let context = CommandContext(global)
        let loaded = try context.pipeline(named: pipeline)
        let report = try await context.engine().parity(loaded, between: environmentA, and: environmentB, all: all,
                                                       since: sinceDate)
        if global.json {
            Terminal.out(try JSONOutput.encode(report))
        } else {
            Terminal.out(ParityText.render(report, color: global.useColor))
        }
        throw CLIError.exit(report.severity.map(ExitStatus.init) ?? .success)
    }

    /// `2026-12-01` (midnight UTC) or an ISO-8601 time with its offset.
    static func date(_ text: String) throws -> Date {
        if text.count == 10, let day = try? WindowFormat.parseISO8601(text + "T00:00:00+00:00") { return day }
        do {
            return try WindowFormat.parseISO8601(text)
        } catch {
            throw CLIError.usage("gantry: error: --since '\(text)' is not a date (use YYYY-MM-DD or 2026-12-01T10:00:00+00:00)")
        }
    }
}
