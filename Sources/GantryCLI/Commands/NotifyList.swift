import ArgumentParser
import Foundation
import GantryEngine
import GantryGates
import GantryStore

/// `gantry notify list`: the notification outbox, newest first.
struct NotifyList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List notifications, newest first: delivered, waiting for another try, or given up.",
        discussion: """
            Each line shows the notification's id, status, event, pipeline/environment, the target as configured \
            (secrets by name), its attempts and the last answer. Given-up notifications stay listed with their last error.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name (default: all; a removed pipeline's notifications still list).") var pipeline: String?
    @Option(help: ArgumentHelp("Only notifications with this status: pending, delivered or failed.", valueName: "status"))
    var status: String?
    @Option(help: "At most this many.") var limit = 50

    func run() async throws {
        let wanted: OutboxState?
        if let status {
            guard let parsed = OutboxState(rawValue: status) else {
                throw CLIError.usage("gantry: error: --status must be pending, delivered or failed, found '\(status)'")
            }
            wanted = parsed
        } else {
            wanted = nil
        }
        guard limit > 0 else { throw CLIError.usage("gantry: error: --limit must be at least 1, found \(limit)") }
        let entries = try CommandContext(global).engine().notificationOutbox(pipeline: pipeline, state: wanted, limit: limit)
        if global.json {
            Terminal.out(try JSONOutput.encode(JSONValue.object(["notifications": .array(entries.map(Documents.outboxEntry))])))
            return
        }
        if entries.isEmpty {
            Terminal.out("no notifications" + (pipeline.map { " of \($0)" } ?? "") + (status.map { " with status \($0)" } ?? ""))
            return
        }
        let now = Date(), forPeople = isatty(STDOUT_FILENO) == 1
        func when(_ date: Date) -> String {
            forPeople ? WindowFormat.relative(date, now: now) : WindowFormat.iso8601(date, in: .gmt)
        }
        for entry in entries {
            var line = "#\(entry.id)  \(entry.state.rawValue)  \(entry.message.event)  "
                + "\(entry.message.pipeline)/\(entry.message.environment) → \(entry.message.url)  "
                + "\(entry.attempts) attempt\(entry.attempts == 1 ? "" : "s")"
            if let error = entry.lastError {
                line += ", last: \(error)"
            } else if let status = entry.lastStatus {
                line += ", HTTP \(status)"
            }
            switch entry.state {
            case .pending: line += ", next try \(when(entry.nextAttemptAt))"
            case .delivered, .failed: line += entry.finishedAt.map { ", \(entry.state.rawValue) \(when($0))" } ?? ""
            }
            Terminal.out(line)
        }
    }
}
