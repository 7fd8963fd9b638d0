import Foundation
import Testing
import GantryStore
@testable import GantryEngine

/// The one place probes reach hosts, against in-memory connections; and the fact history.
@Suite struct FactCollectorTests {
    @Test func outputsComeBackInCommandOrderMaskedWithEveryHostsError() async {
        let web1 = MemoryConnection()
        web1.responder = { command in
            if command == "fails" { return .init(lines: [(.stderr, "no such file")], result: RemoteResult(exitStatus: 2)) }
            return .init(lines: [(.stdout, "url=postgres://app:pw-123@db"), (.stdout, "ok")], result: RemoteResult(exitStatus: 0))
        }
        let collector = FactCollector(provider: MemoryConnections(table: ["web-1": web1]), parallel: 1, secrets: ["pw-123"])
        let outputs = await collector.collect([
            .init(id: "p/web-1", host: "web-1", commands: [("db", RemoteCommand("print")), ("missing", RemoteCommand("fails"))]),
            .init(id: "p/web-9", host: "web-9", commands: [("db", RemoteCommand("print"))]),
        ])
        #expect(outputs["p/web-1"]?.map(\.stdout) == ["url=postgres://app:***@db\nok\n", ""])
        #expect(outputs["p/web-1"]?.map(\.exitStatus) == [0, 2])
        #expect(outputs["p/web-1"]?[1].stderr == "no such file\n")
        #expect(outputs["p/web-9"]?.first?.error == "web-9: connection refused")
        #expect(outputs["p/web-9"]?.first?.exitStatus == nil)
        #expect(web1.commands == ["print", "fails"])
    }

    @Test func historyListsEachChangeButNotTheBaseline() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        func row(_ host: String, _ value: String, _ minutes: Double) -> FactObservation {
            FactObservation(environment: "production", host: host, fact: "ruby", digest: "sha256:\(value)", output: value,
                            exitStatus: 0, source: .parity, observedAt: t0.addingTimeInterval(minutes * 60))
        }
        let changes = FactHistory.changes([row("web-1", "3.2", 0), row("web-2", "3.2", 0), row("web-1", "3.2", 5),
                                           row("web-1", "3.3", 10), row("web-2", "3.2", 10), row("web-1", "3.2", 20)])
        #expect(changes.map { "\($0.host) \($0.from ?? "-") → \($0.to)" } == ["web-1 3.2 → 3.3", "web-1 3.3 → 3.2"])
        #expect(changes.first?.at == t0.addingTimeInterval(600))
    }
}
