import Foundation
import GantryShell
import GantryStore
import Testing
@testable import GantryEngine

/// `Engine.exec` with in-memory hosts: raw command, per-host results, one audit event.
@Suite struct EngineExecTests {
    static let pipeline = """
    version: 1
    name: shop
    hosts:
      web-1: { address: 127.0.0.1, user: deploy }
      web-2: { address: 127.0.0.1, user: deploy }
      web-3: { address: 127.0.0.1, user: deploy }
    secrets: [DATABASE_URL]
    environments:
      production: { hosts: [web-1, web-2, web-3] }
    steps:
      - name: switch
        run: "true"
    """

    @Test func runsTheRawCommandEverywhereWithoutSecretsAndAuditsOnce() async throws {
        let f = try EngineFixture(pipeline: Self.pipeline)
        f.host("web-1").responder = { _ in .init(lines: [(.stdout, "ünïcode ✓")], result: RemoteResult(exitStatus: 0)) }
        f.host("web-2").responder = { _ in .init(lines: [(.stderr, "nope")], result: RemoteResult(exitStatus: 2)) }
        // web-3 has no connection: unreachable.
        let command = "echo ${secrets.DATABASE_URL} && uptime"
        let events = Events()
        let result = try await f.engine(actor: "erin").exec(try f.pipeline(), environment: "production", command: command,
                                                              onEvent: { events.add($0) })
        #expect(f.host("web-1").commands == [command], "no interpolation: the command runs as typed")
        #expect(result.hosts.map(\.host) == ["web-1", "web-2", "web-3"])
        #expect(result.hosts.map(\.state) == [.succeeded, .failed, .unreachable])
        #expect(result.hosts[0].stdout == "ünïcode ✓\n")
        #expect(result.hosts[1].stderr == "nope\n")
        #expect(result.hosts[1].exitStatus == 2)
        #expect(result.hosts[2].error == "web-3: connection refused")
        #expect(result.severity == .infrastructure)
        #expect(result.summary == "1 succeeded, 1 failed, 1 unreachable")
        #expect(events.finished.sorted() == ["web-1", "web-2", "web-3"])

        let audit = try f.store.auditEvents().filter { $0.entry.action == "exec" }
        #expect(audit.count == 1)
        #expect(audit.first?.entry.actor == "erin")
        #expect(audit.first?.entry.outcome == "unreachable")
        #expect(audit.first?.entry.details.hasPrefix("command: \(command)\n1 succeeded, 1 failed, 1 unreachable\nweb-1: exit 0 (") == true)
    }

    @Test func exitCodeIsOneWhenOnlyACommandFailedAndAnEmptyCommandIsRefused() async throws {
        let f = try EngineFixture(pipeline: Self.pipeline)
        for name in ["web-1", "web-2", "web-3"] { _ = f.host(name) }
        f.host("web-3").responder = { _ in .init(lines: [], result: RemoteResult(exitStatus: 0, signal: "KILL")) }
        let result = try await f.engine().exec(try f.pipeline(), environment: "production", command: "sleep 100", parallel: 1)
        #expect(result.severity == .failed)
        #expect(result.hosts[2].signal == "KILL")
        #expect(result.hosts[2].exitStatus == nil)
        #expect(result.hosts[2].summary == "killed by signal KILL")
        await #expect(throws: EngineError.self) {
            try await f.engine().exec(try f.pipeline(), environment: "production", command: "  ")
        }
    }

    final class Events: Sendable {
        private let hosts = Locked<[String]>([])
        func add(_ event: ExecEvent) {
            if case let .hostFinished(host) = event { hosts.withLock { $0.append(host.host) } }
        }
        var finished: [String] { hosts.current }
    }
}
