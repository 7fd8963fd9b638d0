import ArgumentParser
import GantryEngine
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
    @Option(help: ArgumentHelp("Show the windows as of this time (display only): ISO-8601 with an offset, "
                               + "or YYYY-MM-DDTHH:MM in the environment's zone.", valueName: "time"))
    var at: String?

    func run() async throws {
        let loaded = try CommandContext(global).pipeline(named: pipeline)
        let env = try loaded.environment(named: environment)
        let policy = env.windows ?? WindowPolicy(timeZone: TimeZone(identifier: "UTC")!, allow: [], freezes: [])
        let realNow = SystemClock().now()
        let now = try at.map { text throws -> Date in
            do { return try WindowFormat.parseTime(text, in: policy.timeZone) } catch { throw CLIError.usage("gantry: error: --at: \(error)") }
        } ?? realNow
        let status = policy.evaluate(at: now)
        let report = WindowReport(status, in: policy.timeZone)
        if global.json {
            Terminal.out(try JSONOutput.encode(report))
            return
        }
        let times = PeopleTimes(pipeline: loaded, now: now)
        func when(_ date: Date) -> String { times.show(date, environment: environment) }
        let state = status.isOpen ? Terminal.paint("open", .green, enabled: global.useColor)
            : Terminal.paint("closed", .red, enabled: global.useColor)
        Terminal.out("\(loaded.name)/\(environment): \(state) — \(status.reason)"
            + (at == nil ? "" : " (as of \(WindowFormat.iso8601(now, in: policy.timeZone)))"))
        if let closes = status.closesAt { Terminal.out("closes \(when(closes))") }
        if let opens = status.opensAt { Terminal.out("opens  \(when(opens))") }
        if !status.isOpen && status.opensAt == nil { Terminal.out("no opening within a year") }
        if env.windows == nil { Terminal.out("\(environment) has no windows: always open") }
        if times.forPeople || global.verbose {
            Terminal.out("")
            Terminal.out(WindowWeekView(policy: policy).render(from: now, color: global.useColor, markNow: true))
        }
    }
}
