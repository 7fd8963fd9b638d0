import ArgumentParser
import GantryEngine
import Foundation
import GantryGates
import GantryModel

/// `gantry schedule next`: the next fire times of a cron expression.
struct ScheduleNext: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Print the next fire times of a cron expression.",
        discussion: """
            Times are strictly after --after, in --timezone with its offset. A local time skipped by a DST jump fires
            once at the first instant after the jump; a repeated local time fires once, at its first occurrence.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A 5-field cron expression or @hourly/@daily/@weekly/@monthly/@yearly.") var cron: String
    @Option(help: ArgumentHelp("IANA time zone (default: UTC).", valueName: "tz")) var timezone: String?
    @Option(help: ArgumentHelp("Start after this ISO-8601 time (default: now).", valueName: "time")) var after: String?
    @Option(help: "How many times to print (1-1000).") var count: Int = 5

    struct Output: Encodable {
        var times: [String]
    }

    func run() async throws {
        let expression: CronExpression
        do {
            expression = try CronExpression(cron)
        } catch {
            throw CLIError.usage("gantry: error: invalid cron '\(cron)': \(error.message)")
        }
        let zone = try ScheduleText.zone(timezone)
        let start = try after.map { try ScheduleText.time($0, flag: "--after") } ?? SystemClock().now()
        guard (1...1000).contains(count) else {
            throw CLIError.usage("gantry: error: --count must be between 1 and 1000, found \(count)")
        }
        let fires = expression.fires(after: start, count: count, in: zone)
        if global.json {
            Terminal.out(try JSONOutput.encode(Output(times: fires.map { WindowFormat.iso8601($0.instant, in: zone) })))
        } else {
            for fire in fires {
                Terminal.out(WindowFormat.iso8601(fire.instant, in: zone) + (ScheduleText.shiftNote(fire).map { "  (\($0))" } ?? ""))
            }
        }
        if fires.count < count {
            Terminal.error("gantry: '\(cron)' fires no more than \(fires.count) time(s) within 28 years after "
                + WindowFormat.iso8601(start, in: zone))
        }
    }
}
