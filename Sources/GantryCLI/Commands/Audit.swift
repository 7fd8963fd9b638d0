import ArgumentParser
import Foundation
import GantryGates
import GantryStore

/// `gantry audit`: Show the audit log.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the audit log.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Check the hash chain of the audit log.") var verify = false

    @Option(help: "Only events of this pipeline.") var pipeline: String?
    @Option(help: "Show at most this many of the newest events.") var limit: Int?

    func run() async throws {
        let context = CommandContext(global)
        let store = try context.openStore()
        if verify {
            let result = try store.verifyAudit()
            if global.json {
                Terminal.out(try JSONOutput.encode(result))
            } else if let broken = result.firstBreak {
                Terminal.error("gantry: audit chain broken: \(broken)")
            } else {
                Terminal.out("audit chain intact: \(result.eventCount) event(s)")
            }
            if result.firstBreak != nil { throw CLIError.exit(.failed) }
            return
        }
        var events = try store.auditEvents(AuditFilter(pipeline: pipeline))
        if let limit, limit >= 0, events.count > limit { events = Array(events.suffix(limit)) }
        if global.json {
            Terminal.out(try JSONOutput.encode(["events": events]))
            return
        }
        let utc = TimeZone(identifier: "UTC")!
        for event in events {
            let entry = event.entry
            let scope = [entry.pipeline, entry.environment, entry.artifact].compactMap { $0 }.joined(separator: " ")
            // One event per line (details such as several blocking gates are stored one per line).
            let details = entry.details.split(separator: "\n").joined(separator: "; ")
            Terminal.out("#\(event.id) \(WindowFormat.iso8601(entry.at, in: utc)) \(entry.actor) \(entry.action) \(scope): "
                + entry.outcome + (details.isEmpty ? "" : " (\(details))"))
        }
    }
}
