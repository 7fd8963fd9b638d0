import Foundation
import Testing
import GantryGates
@testable import GantryEngine

@Suite struct HostStepRunnerTests {
    final class Shown: @unchecked Sendable {
        let lock = NSLock()
        var lines: [String] = []
        func add(_ event: RolloutEvent) {
            if case let .output(host, _, line) = event { lock.withLock { lines.append("\(host) \(line)") } }
        }
    }

    let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))

    func runner(_ connection: MemoryConnection, host: String = "web-1", secrets: [String] = [], shown: Shown = Shown()) -> HostStepRunner {
        HostStepRunner(host: host, connection: connection, secrets: secrets, clock: clock, sink: shown.add)
    }

    @Test func retriesUpToNPlusOneAttempts() async {
        let connection = MemoryConnection()
        var calls = 0
        connection.responder = { _ in
            calls += 1
            return .init(lines: [], result: RemoteResult(exitStatus: calls < 3 ? 1 : 0))
        }
        let steps = [ResolvedStep(name: "health", action: .run(command: "curl x", display: "curl x"), retries: 5)]
        let report = await runner(connection).run(steps, isFirstHost: true, barrier: OnceBarrier())
        #expect(report.succeeded)
        #expect(report.outcomes.first?.attempts == 3)
        #expect(connection.commands.count == 3)
    }

    @Test func stopsAtTheFirstFailingStepAfterItsRetries() async {
        let connection = MemoryConnection()
        connection.responder = { _ in .init(lines: [], result: RemoteResult(exitStatus: 7)) }
        let steps = [ResolvedStep(name: "a", action: .run(command: "a", display: "a"), retries: 1),
                     ResolvedStep(name: "b", action: .run(command: "b", display: "b"))]
        let report = await runner(connection).run(steps, isFirstHost: true, barrier: OnceBarrier())
        #expect(!report.succeeded)
        #expect(report.outcomes.map(\.step) == ["a"])
        #expect(report.outcomes.first?.note == "exit status 7")
        #expect(connection.commands == ["a", "a"])
    }

    @Test func timeoutIsReportedAsSuch() async {
        let connection = MemoryConnection()
        connection.responder = { _ in .init(lines: [], result: RemoteResult(exitStatus: 124, timedOut: true)) }
        let steps = [ResolvedStep(name: "slow", action: .run(command: "sleep 9", display: "sleep 9"), timeout: 30)]
        let report = await runner(connection).run(steps, isFirstHost: true, barrier: OnceBarrier())
        #expect(report.outcomes.first?.status == .timedOut)
        #expect(report.outcomes.first?.note == "timed out after 30s (remote processes stopped)")
    }

    @Test func runOnceStepRunsOnTheFirstHostOnlyAndOthersWaitForIt() async {
        let first = MemoryConnection(), second = MemoryConnection()
        let barrier = OnceBarrier()
        let steps = [ResolvedStep(name: "migrate", action: .run(command: "migrate", display: "migrate"), runOnce: true),
                     ResolvedStep(name: "switch", action: .run(command: "switch", display: "switch"))]
        async let a = runner(first, host: "web-1").run(steps, isFirstHost: true, barrier: barrier)
        async let b = runner(second, host: "web-2").run(steps, isFirstHost: false, barrier: barrier)
        let (ra, rb) = await (a, b)
        #expect(first.commands == ["migrate", "switch"])
        #expect(second.commands == ["switch"])
        #expect(ra.succeeded && rb.succeeded)
        #expect(rb.outcomes.first?.status == .skipped)
    }

    @Test func otherHostsStopWhenTheRunOnceStepFailed() async {
        let first = MemoryConnection(), second = MemoryConnection()
        first.responder = { _ in .init(lines: [], result: RemoteResult(exitStatus: 1)) }
        let barrier = OnceBarrier()
        let steps = [ResolvedStep(name: "migrate", action: .run(command: "migrate", display: "migrate"), runOnce: true),
                     ResolvedStep(name: "switch", action: .run(command: "switch", display: "switch"))]
        async let b = runner(second, host: "web-2").run(steps, isFirstHost: false, barrier: barrier)
        let ra = await runner(first, host: "web-1").run(steps, isFirstHost: true, barrier: barrier)
        let rb = await b
        #expect(!ra.succeeded && !rb.succeeded)
        #expect(second.commands.isEmpty)
    }

    @Test func outputIsMaskedEvenWhenASecretSpansLines() async {
        let connection = MemoryConnection()
        connection.responder = { _ in .init(lines: [(.stdout, "url=pa'ss"), (.stdout, "word end"), (.stderr, "warn pa'ss")],
                                            result: RemoteResult(exitStatus: 0)) }
        let shown = Shown()
        let steps = [ResolvedStep(name: "show", action: .run(command: "env", display: "env"))]
        let report = await runner(connection, secrets: ["pa'ss\nword"], shown: shown).run(steps, isFirstHost: true, barrier: OnceBarrier())
        let output = report.outcomes.first?.output ?? ""
        #expect(!output.contains("pa'ss\nword"))
        #expect(output.contains("url=*** end"))
        #expect(shown.lines.contains("web-1 url=*** end"))
        #expect(shown.lines.contains("web-1 warn pa'ss"))
    }

    @Test func uploadIsSkippedWhenTheHostHasTheSameChecksum() async throws {
        let connection = MemoryConnection()
        let sha = "abc123"
        connection.responder = { _ in .init(lines: [(.stdout, "\(sha)  /srv/app.tgz")], result: RemoteResult(exitStatus: 0)) }
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("a-\(UUID()).tgz")
        try Data([1, 2, 3]).write(to: file)
        let steps = [ResolvedStep(name: "upload", action: .upload(source: file, sha256: sha, to: "/srv/app.tgz"))]
        let report = await runner(connection).run(steps, isFirstHost: true, barrier: OnceBarrier())
        #expect(report.outcomes.first?.status == .skipped)
        #expect(connection.files.isEmpty)

        connection.responder = { _ in .init(lines: [(.stdout, "ffff  /srv/app.tgz")], result: RemoteResult(exitStatus: 0)) }
        _ = await runner(connection).run(steps, isFirstHost: true, barrier: OnceBarrier())
        #expect(connection.files["/srv/app.tgz"]?.0 == [1, 2, 3])
    }

    @Test func infrastructureErrorEndsTheHostAsErrored() async {
        struct Down: Error {}
        let connection = MemoryConnection()
        connection.failWith = Down()
        let steps = [ResolvedStep(name: "a", action: .run(command: "a", display: "a"), retries: 3)]
        let report = await runner(connection).run(steps, isFirstHost: true, barrier: OnceBarrier())
        #expect(report.errored)
        #expect(report.outcomes.first?.attempts == 1)
    }
}
