import Foundation
import GantryGates
import GantryModel
import GantryShell
import GantryStore
import GantryTestSupport
@testable import GantryEngine

/// A pipeline written to a temporary project, a real SQLite store, and in-memory hosts.
final class EngineFixture: @unchecked Sendable {
    let dir: TemporaryDirectory
    let store: StateStore
    let clock: ManualClock
    var hosts: [String: MemoryConnection] = [:]
    let events = EventLog()

    final class EventLog: Sendable {
        private let stored = Locked<[EngineEvent]>([])
        var items: [EngineEvent] { stored.current }
        func add(_ event: EngineEvent) { stored.withLock { $0.append(event) } }
        var lines: [String] {
            items.compactMap {
                if case let .rollout(.output(host, _, line)) = $0 { return "\(host): \(line)" }
                return nil
            }
        }
    }

    init(pipeline yaml: String, now: Date = Date(timeIntervalSince1970: 1_800_000_000)) throws {
        dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        try yaml.write(to: dir.url.appendingPathComponent("pipelines/shop.yml"), atomically: true, encoding: .utf8)
        store = try StateStore.open(path: dir.url.appendingPathComponent(".gantry/state.db").path)
        clock = ManualClock(now)
    }

    func pipeline() throws -> Pipeline {
        let set = try PipelineSet.load(directory: dir.url.appendingPathComponent("pipelines").path)
        if !set.diagnostics.isEmpty { throw EngineError(.usage, set.diagnostics.map { "\($0)" }.joined(separator: "\n")) }
        return try set.pipeline(named: "shop")
    }

    func host(_ name: String) -> MemoryConnection {
        if let existing = hosts[name] { return existing }
        let connection = MemoryConnection()
        hosts[name] = connection
        return connection
    }

    func engine(actor: String = "alice", environment: [String: String] = [:],
                interruption: Interruption = Interruption(),
                notifications: NotificationSettings = NotificationSettings()) -> Engine {
        let table = hosts
        let events = self.events
        return Engine(store: store, clock: clock, actor: actor,
                      secrets: SecretResolver(environment: environment, secretsDirectory: dir.url.appendingPathComponent("secrets")),
                      observer: { events.add($0) }, interruption: interruption,
                      connections: { _ in MemoryConnections(table: table) }, notifications: notifications)
    }

    func record(_ tag: String, commit: String = String(repeating: "a", count: 40)) throws {
        _ = try store.recordArtifact(Artifact(pipeline: "shop", tag: tag, commit: commit, builtBy: "ci", builtAt: clock.now()))
    }
}
