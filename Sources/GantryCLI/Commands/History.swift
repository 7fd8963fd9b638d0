import ArgumentParser
import Foundation
import GantryEngine
import GantryGates

/// `gantry history`: Deployments of a pipeline, newest first.
struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Deployments of a pipeline, newest first.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment (default: all).") var environment: String?

    @Option(help: "How many deployments to show.") var limit = 50

    func run() async throws {
        let context = CommandContext(global)
        let loaded = try context.pipeline(named: pipeline)
        let rows = try context.engine().history(loaded, environment: environment, limit: limit)
        if global.json {
            Terminal.out(try JSONOutput.encode(Documents.history(pipeline: loaded.name, environment: environment, deployments: rows)))
            return
        }
        if rows.isEmpty { Terminal.out("no deployments of \(loaded.name) yet"); return }
        let times = PeopleTimes(pipeline: loaded)
        for row in rows {
            var line = "#\(row.id)".padding(toLength: 7, withPad: " ", startingAt: 0)
                + times.show(row.startedAt, environment: row.environment) + "  "
                + row.environment.padding(toLength: 12, withPad: " ", startingAt: 0) + " "
                + row.kind.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0) + " "
                + row.artifactTag.padding(toLength: 12, withPad: " ", startingAt: 0) + " "
                + Terminal.paint(row.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0),
                                 row.status == .succeeded ? .green : (row.status == .running ? .yellow : .red),
                                 enabled: global.useColor)
                + " \(row.actor) via \(row.trigger.rawValue)"
            if let hosts = row.hosts { line += "  [partial: \(hosts.joined(separator: ", "))]" }
            if let reason = row.overrideReason { line += "  [window overridden: \(reason)]" }
            Terminal.out(line)
            if global.verbose, let message = row.message { Terminal.out("       \(message)") }
        }
    }
}
