import ArgumentParser
import Foundation
import GantryEngine
import GantryGates

/// `gantry status`: what runs where, what is running, open requests, window state.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What runs where, pending approvals and window state.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name (default: all).") var pipeline: String?

    struct Output: Encodable {
        struct Env: Encodable {
            var name: String
            var artifact: String?
            var since: String?
            var by: String?
            var deployment_id: Int64?
            var override_reason: String?
            var running: [Int64]
            var requests: [Request]
            var window: WindowReport?
        }
        struct Request: Encodable {
            var id: Int64
            var artifact: String
            var requester: String
            var state: String
            var approved_by: [String]
            var missing: Int
            var may_approve: String
            /// Set when `state` is `superseded`: why the request is out of date.
            var superseded_reason: String?
        }
        var pipeline: String
        var environments: [Env]
    }

    func run() async throws {
        let context = CommandContext(global)
        let set = try global.loadPipelines()
        let names = pipeline.map { [$0] } ?? set.entries.filter { $0.pipeline != nil }.map(\.name)
        let engine = try context.engine()
        var outputs: [Output] = []
        for name in names {
            let loaded = try set.pipeline(named: name)
            let environments = try engine.status(loaded)
            outputs.append(Output(pipeline: name, environments: environments.map { env in
                Output.Env(name: env.name, artifact: env.current?.artifactTag,
                           since: env.current.map { WindowFormat.iso8601($0.finishedAt ?? $0.startedAt, in: TimeZone(identifier: "UTC")!) },
                           by: env.current?.actor, deployment_id: env.current?.id, override_reason: env.current?.overrideReason,
                           running: env.active.map(\.id),
                           requests: env.requests.map {
                               Output.Request(id: $0.request.id, artifact: $0.request.artifactTag, requester: $0.request.requester,
                                              state: $0.superseded == nil ? $0.request.state.rawValue : "superseded",
                                              approved_by: $0.approvedBy, missing: $0.status.missing,
                                              may_approve: $0.status.candidates.description,
                                              superseded_reason: $0.superseded?.reason(tag: $0.request.artifactTag))
                           },
                           window: env.window.map { WindowReport($0, in: env.timeZone ?? TimeZone(identifier: "UTC")!) })
            }))
        }
        if global.json {
            Terminal.out(try JSONOutput.encode(pipeline == nil ? AnyEncodable(outputs) : AnyEncodable(outputs.first)))
            return
        }
        for output in outputs { Terminal.out(StatusText.render(output, color: global.useColor)) }
    }
}

/// Encodes either of two shapes through one value.
struct AnyEncodable: Encodable {
    let encodeBody: (Encoder) throws -> Void
    init(_ value: some Encodable) { encodeBody = value.encode }
    func encode(to encoder: Encoder) throws { try encodeBody(encoder) }
}

enum StatusText {
    static func render(_ output: Status.Output, color: Bool) -> String {
        var lines = [Terminal.paint(output.pipeline, .bold, enabled: color)]
        for env in output.environments {
            var line = "  " + env.name.padding(toLength: 14, withPad: " ", startingAt: 0)
            if let artifact = env.artifact {
                line += "\(artifact)  since \(env.since ?? "?") by \(env.by ?? "?") (#\(env.deployment_id ?? 0))"
                if let reason = env.override_reason { line += Terminal.paint("  window overridden: \(reason)", .yellow, enabled: color) }
            } else {
                line += Terminal.paint("nothing deployed", .dim, enabled: color)
            }
            if let window = env.window {
                line += window.open ? Terminal.paint("  [window open]", .green, enabled: color)
                    : Terminal.paint("  [window closed: \(window.reason)]", .yellow, enabled: color)
            }
            lines.append(line)
            if !env.running.isEmpty { lines.append("    running: " + env.running.map { "#\($0)" }.joined(separator: ", ")) }
            for request in env.requests {
                let approvals = request.approved_by.isEmpty ? "no approvals yet" : "approved by " + request.approved_by.joined(separator: ", ")
                let rest: String
                switch request.state {
                case "approved": rest = "approved, waiting to run"
                case "superseded":
                    rest = Terminal.paint("superseded: \(request.superseded_reason ?? "out of date")", .dim, enabled: color)
                default: rest = "needs \(request.missing) more from \(request.may_approve)"
                }
                lines.append("    request #\(request.id): \(request.artifact) by \(request.requester); \(approvals); \(rest)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
