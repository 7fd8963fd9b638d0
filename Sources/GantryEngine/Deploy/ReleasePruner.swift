import Foundation
import GantryModel
import GantryStore
import Synchronization

/// Removes old release folders (`releases:`) on every host after a successful deployment.
///
/// It runs after the rollout, over the connections the rollout used, and never changes the
/// deployment's outcome: the deployment has succeeded by then, so each problem (a folder that
/// cannot be entered, a folder that cannot be removed, a lost connection) becomes a note.
struct ReleasePruner {
    let pipeline: Pipeline
    let environment: Environment
    /// The artifact the deployment put in place: its release folder is never removed.
    let running: String
    /// What ran before it: its release folder is never removed either.
    let previous: String?

    /// Prunes on the hosts the rollout succeeded on, when it succeeded and changed what runs.
    func prune(after report: RolloutReport, kind: DeploymentKind, connections: any ConnectionProvider, parallel: Int,
               note: @escaping @Sendable (String) -> Void) async {
        guard let releases = pipeline.releases, kind != .configOnly, report.succeeded else { return }
        let hosts = pipeline.hosts(of: environment).filter { report.hosts(in: .succeeded).contains($0.name) }
        let commands = Dictionary(uniqueKeysWithValues: hosts.map { ($0.name, command(releases, host: $0)) })
        let timeout = pipeline.ssh.commandTimeout ?? 600
        let notes = await HostWalk.run(hosts.map(\.name), parallel: parallel) { host -> String? in
            switch commands[host] {
            case .failure(let problem)?: return "releases not pruned on \(host): \(problem.message)"
            case .success(let prune)?: return await Self.run(prune, on: host, timeout: timeout, connections: connections)
            case nil: return nil
            }
        }
        for host in hosts.map(\.name) { if let text = notes[host] ?? nil { note(text) } }
    }

    /// The prune for one host, or why there is none (a path that renders to something unsafe).
    func command(_ releases: ReleaseSettings, host: GantryModel.Host) -> Result<ReleasePrune, EngineError> {
        let path: String
        do {
            path = try releases.path.renderFile(pipeline.renderContext(for: environment, host: host))
        } catch {
            return .failure(.configuration("'releases.path' (\(releases.location)): \(error)"))
        }
        let normalized = PathText.normalize(path)
        guard path.hasPrefix("/"), normalized != "/", !path.split(separator: "/").contains("..") else {
            return .failure(.configuration("'releases.path' is '\(path)' here; it must be an absolute folder other than '/', without '..'"))
        }
        return .success(ReleasePrune(path: normalized, keep: releases.keep, protecting: [running] + (previous.map { [$0] } ?? [])))
    }

    private static func run(_ prune: ReleasePrune, on host: String, timeout: TimeInterval,
                            connections: any ConnectionProvider) async -> String? {
        let lines = OutputLines()
        let result: RemoteResult
        do {
            let connection = try await connections.connection(to: host)
            result = try await connection.run(RemoteCommand(prune.script, timeout: timeout), shouldStop: nil) { channel, line in
                lines.add(channel, line)
            }
        } catch {
            return "releases not pruned on \(host): \(HostFailure(error).reason)"
        }
        let removed = lines.stdout.filter { $0.hasPrefix(ReleasePrune.removedPrefix) }.map { String($0.dropFirst(ReleasePrune.removedPrefix.count)) }
        let listed = removed.isEmpty ? "" : "removed \(removed.count) old release folder\(removed.count == 1 ? "" : "s") in \(prune.path) "
            + "(\(removed.joined(separator: ", ")))"
        guard result.succeeded else {
            let why = ([result.summary(timeout: timeout)] + lines.stderr.suffix(3)).joined(separator: "; ")
            return "releases not fully pruned on \(host): \(why)" + (listed.isEmpty ? "" : "; \(listed)")
        }
        return listed.isEmpty ? nil : "\(host): \(listed)"
    }
}

/// The output of one prune command, collected from the connection's callback.
private final class OutputLines: Sendable {
    private let lines = Mutex<[(OutputChannel, String)]>([])
    func add(_ channel: OutputChannel, _ line: String) { lines.withLock { $0.append((channel, line)) } }
    var stdout: [String] { lines.withLock { $0.filter { $0.0 == .stdout }.map(\.1) } }
    var stderr: [String] { lines.withLock { $0.filter { $0.0 == .stderr }.map(\.1) } }
}
