import ArgumentParser
import Foundation
import GantryGates
import GantryEngine
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
        let engine = try CommandContext(global).engine()
        if verify {
            let result = try engine.verifyAudit()
            if global.json {
                Terminal.out(try JSONOutput.encode(JSONValue.object([
                    "intact": .bool(result.isIntact), "events": .int(result.eventCount),
                    "break": result.firstBreak.map { broken in
                        .object(["event": .int(broken.eventID), "reason": .string(broken.reason.rawValue),
                                 "detail": .string(broken.detail)])
                    } ?? .null,
                ])))
            } else if let broken = result.firstBreak {
                Terminal.error("gantry: audit chain broken: \(broken)")
            } else {
                Terminal.out("audit chain intact: \(result.eventCount) event(s)")
            }
            if result.firstBreak != nil { throw CLIError.exit(.failed) }
            return
        }
        let events = try engine.auditEvents(pipeline: pipeline, limit: limit)
        if global.json {
            Terminal.out(try JSONOutput.encode(JSONValue.object(["events": .array(events.map { event in
                .object([
                    "id": .int(event.id), "at": .string(event.timestamp), "actor": .string(event.entry.actor),
                    "action": .string(event.entry.action), "pipeline": .text(event.entry.pipeline),
                    "environment": .text(event.entry.environment), "artifact": .text(event.entry.artifact),
                    "outcome": .string(event.entry.outcome), "details": .string(event.entry.details),
                    "hash": .string(event.hash), "previous_hash": .string(event.previousHash),
                ])
            })])))
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
