import ArgumentParser
import Foundation
import GantryGates

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
        let loaded = try CommandContext(global).pipeline(named: pipeline)
        let env = try loaded.environment(named: environment)
        let now = try at.map { text throws -> Date in
            do { return try WindowFormat.parseISO8601(text) } catch { throw CLIError.usage("gantry: error: --at: \(error)") }
        } ?? SystemClock().now()
        let policy = env.windows ?? WindowPolicy(timeZone: TimeZone(identifier: "UTC")!, allow: [], freezes: [])
        let status = policy.evaluate(at: now)
        let report = WindowReport(status, in: policy.timeZone)
        if global.json {
            Terminal.out(try JSONOutput.encode(report))
            return
        }
        let state = status.isOpen ? Terminal.paint("open", .green, enabled: global.useColor)
            : Terminal.paint("closed", .red, enabled: global.useColor)
        Terminal.out("\(loaded.name)/\(environment): \(state) — \(status.reason)")
        if let closes = report.closesAt { Terminal.out("closes at \(closes)") }
        if let opens = report.opensAt { Terminal.out("opens at  \(opens)") }
        if !status.isOpen && report.opensAt == nil { Terminal.out("no opening within a year") }
        if env.windows == nil { Terminal.out("\(environment) has no windows: always open") }
        if isatty(STDOUT_FILENO) == 1 || global.verbose {
            Terminal.out("")
            Terminal.out(WindowWeekView(policy: policy).render(from: now, color: global.useColor))
        }
    }
}
