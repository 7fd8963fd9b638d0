import ArgumentParser
import Foundation
import GantryEngine
import GantryGates
import GantryModel

/// `gantry status`: what runs where, what is running, open requests, window state.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What runs where, pending approvals and window state.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name (default: all).") var pipeline: String?

    func run() async throws {
        let context = CommandContext(global)
        let set = try global.loadPipelines()
        let names = pipeline.map { [$0] } ?? set.entries.filter { $0.pipeline != nil }.map(\.name)
        let engine = try context.engine()
        var pipelines: [(Pipeline, [Engine.EnvironmentStatus])] = []
        for name in names {
            let loaded = try set.pipeline(named: name)
            pipelines.append((loaded, try engine.status(loaded)))
        }
        if global.json {
            // One shape whether one pipeline or every pipeline was asked for.
            Terminal.out(try JSONOutput.encode(Documents.statuses(pipelines)))
            return
        }
        for (loaded, environments) in pipelines {
            Terminal.out(StatusText.render(loaded, environments, color: global.useColor, times: PeopleTimes(pipeline: loaded)))
        }
    }
}

enum StatusText {
    static func render(_ pipeline: Pipeline, _ environments: [Engine.EnvironmentStatus], color: Bool, times: PeopleTimes) -> String {
        var lines = [Terminal.paint(pipeline.name, .bold, enabled: color)]
        for env in environments {
            var line = "  " + env.name.padding(toLength: 14, withPad: " ", startingAt: 0)
            if let current = env.current {
                line += "\(current.artifactTag)  since \(times.show(current.finishedAt ?? current.startedAt, environment: env.name)) "
                    + "by \(current.actor) (#\(current.id))"
                if let reason = current.overrideReason { line += Terminal.paint("  window overridden: \(reason)", .yellow, enabled: color) }
            } else {
                line += Terminal.paint("nothing deployed", .dim, enabled: color)
            }
            if let window = env.window {
                let next = window.isOpen ? window.closesAt.map { "; closes \(times.show($0, environment: env.name))" }
                    : window.opensAt.map { "; opens \(times.show($0, environment: env.name))" }
                line += window.isOpen ? Terminal.paint("  [window open\(next ?? "")]", .green, enabled: color)
                    : Terminal.paint("  [window closed: \(window.reason)\(next ?? "")]", .yellow, enabled: color)
            }
            lines.append(line)
            for running in env.active {
                lines.append(Terminal.paint("    running: #\(running.id) \(running.kind.rawValue) \(running.artifactTag) by \(running.actor), "
                    + "started \(times.show(running.startedAt, environment: env.name))"
                    + (running.step.map { ", at \($0)" } ?? (running.status == .pending ? ", waiting for the lock" : "")),
                    .yellow, enabled: color))
            }
            for status in env.requests {
                let request = status.request
                let approvals = status.approvedBy.isEmpty ? "no approvals yet" : "approved by " + status.approvedBy.joined(separator: ", ")
                let rest: String
                if let superseded = status.superseded {
                    rest = Terminal.paint("superseded: \(superseded.reason(tag: request.artifactTag))", .dim, enabled: color)
                } else if request.state == .approved {
                    rest = "approved, waiting to run"
                } else {
                    rest = "needs \(status.status.missing) more from \(status.status.candidates.description)"
                }
                lines.append("    request #\(request.id): \(request.artifactTag) by \(request.requester); \(approvals); \(rest)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
