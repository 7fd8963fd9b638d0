import Foundation
import Testing
import GantryGates
import GantryModel
import GantryShell
@testable import GantryEngine

@Suite struct HostStepRunnerTests {
    final class Events: Sendable {
        private let items = Locked<[RolloutEvent]>([])
        func add(_ event: RolloutEvent) { items.withLock { $0.append(event) } }
        var all: [RolloutEvent] { items.current }
        var lines: [String] {
            all.compactMap { if case let .output(host, _, line) = $0 { "\(host) \(line)" } else { nil } }
        }
        var retries: [(attempt: Int, wait: TimeInterval)] {
            all.compactMap { if case let .attemptFinished(outcome, wait?) = $0 { (outcome.attempt, wait) } else { nil } }
        }
    }

    let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))

    func runner(_ connection: MemoryConnection, host: String = "web-1", events: Events = Events(),
                stop: Interruption? = nil) -> HostStepRunner {
        HostStepRunner(host: host, connection: connection, clock: clock, stop: stop, rollback: false, sink: events.add)
    }

    @Test func retriesUpToNPlusOneAttempts() async {
        let connection = MemoryConnection()
        let calls = Locked(0)
        connection.responder = { _ in
            let count = calls.withLock { $0 += 1; return $0 }
            return .init(result: RemoteResult(exitStatus: count < 3 ? 1 : 0))
        }
        let events = Events()
        let steps = [ResolvedStep.command("health", "curl x", retries: 5)]
        let report = await runner(connection, events: events).run(steps, firstHost: "web-1", barrier: OnceBarrier())
        #expect(report.succeeded)
        #expect(report.outcomes.first?.attempt == 3)
        #expect(report.outcomes.first?.attempts == 6)
        #expect(connection.commands.count == 3)
        #expect(events.retries.map(\.attempt) == [1, 2])
    }

    @Test func waitsBetweenAttemptsWithBackoff() async {
        let connection = MemoryConnection()
        connection.responder = { _ in .init(result: RemoteResult(exitStatus: 7)) }
        let events = Events()
        let steps = [ResolvedStep.command("health", "curl x", retries: 2, retry: RetryPolicy(delay: 0.05, backoff: 2))]
        let started = ContinuousClock.now
        let report = await runner(connection, events: events).run(steps, firstHost: "web-1", barrier: OnceBarrier())
        #expect(!report.succeeded)
        #expect(events.retries.map(\.wait) == [0.05, 0.1])
        // The waits really happened: 50 ms, then 100 ms.
        #expect(ContinuousClock.now - started >= .milliseconds(150))
        #expect(RetryPolicy(delay: 2, backoff: 2).wait(after: 3) == 8)
    }

    @Test func stopsAtTheFirstFailingStepAfterItsRetries() async {
        let connection = MemoryConnection()
        connection.responder = { _ in .init(result: RemoteResult(exitStatus: 7)) }
        let steps = [ResolvedStep.command("a", "a", retries: 1), ResolvedStep.command("b", "b")]
        let report = await runner(connection).run(steps, firstHost: "web-1", barrier: OnceBarrier())
        #expect(!report.succeeded)
        #expect(report.outcomes.map(\.step) == ["a"])
        #expect(report.outcomes.first?.note == "exit 7")
        #expect(connection.commands == ["a", "a"])
    }

    @Test func timeoutIsReportedAsSuch() async {
        let connection = MemoryConnection()
        connection.responder = { _ in .init(result: RemoteResult(exitStatus: 0, signal: "TERM", stop: .timedOut)) }
        let steps = [ResolvedStep.command("slow", "sleep 9", timeout: 30)]
        let report = await runner(connection).run(steps, firstHost: "web-1", barrier: OnceBarrier())
        #expect(report.outcomes.first?.status == .timedOut)
        #expect(report.outcomes.first?.note == "timed out after 30s (remote processes stopped)")
    }

    @Test func aCommandThatCouldNotBeStoppedIsAFailedStepNotAnUnreachableHost() async {
        let connection = MemoryConnection()
        connection.responder = { _ in .init(result: RemoteResult(exitStatus: 0, stop: .timedOut, stopFailed: true)) }
        let report = await runner(connection).run([ResolvedStep.command("slow", "x", timeout: 5)], firstHost: "web-1",
                                                  barrier: OnceBarrier())
        #expect(report.state == .failed)
        #expect(report.outcomes.first?.note == "timed out after 5s (the remote process could not be stopped)")
    }

    @Test func runOnceStepRunsOnTheFirstHostOnlyAndOthersWaitForIt() async {
        let first = MemoryConnection(), second = MemoryConnection()
        let barrier = OnceBarrier()
        let steps = [ResolvedStep.command("migrate", "migrate", runOnce: true), ResolvedStep.command("switch", "switch")]
        async let a = runner(first, host: "web-1").run(steps, firstHost: "web-1", barrier: barrier)
        async let b = runner(second, host: "web-2").run(steps, firstHost: "web-1", barrier: barrier)
        let (ra, rb) = await (a, b)
        #expect(first.commands == ["migrate", "switch"])
        #expect(second.commands == ["switch"])
        #expect(ra.succeeded && rb.succeeded)
        #expect(rb.outcomes.first?.status == .skipped)
        #expect(rb.outcomes.first?.note == "run_once: ran on web-1")
    }

    @Test func otherHostsStopWhenTheRunOnceStepFailed() async {
        let first = MemoryConnection(), second = MemoryConnection()
        first.responder = { _ in .init(result: RemoteResult(exitStatus: 1)) }
        let barrier = OnceBarrier()
        let steps = [ResolvedStep.command("migrate", "migrate", runOnce: true), ResolvedStep.command("switch", "switch")]
        async let b = runner(second, host: "web-2").run(steps, firstHost: "web-1", barrier: barrier)
        let ra = await runner(first, host: "web-1").run(steps, firstHost: "web-1", barrier: barrier)
        let rb = await b
        #expect(!ra.succeeded && !rb.succeeded)
        #expect(second.commands.isEmpty)
    }

    @Test func aFirstHostThatErrsBeforeTheOnceStepReleasesTheOthers() async {
        struct Down: Error {}
        let first = MemoryConnection(), second = MemoryConnection()
        first.failWith = Down()
        let barrier = OnceBarrier()
        let steps = [ResolvedStep.command("prepare", "prepare"), ResolvedStep.command("migrate", "migrate", runOnce: true),
                     ResolvedStep.command("switch", "switch")]
        async let b = runner(second, host: "web-2").run(steps, firstHost: "web-1", barrier: barrier)
        let ra = await runner(first, host: "web-1").run(steps, firstHost: "web-1", barrier: barrier)
        let rb = await b
        #expect(ra.errored)
        #expect(second.commands == ["prepare"])
        #expect(rb.outcomes.last?.status == .failed)
        #expect(rb.outcomes.last?.note?.contains("did not succeed on web-1") == true)
    }

    @Test func uploadIsSkippedWhenTheHostHasTheSameChecksum() async throws {
        let connection = MemoryConnection()
        let bytes: [UInt8] = [1, 2, 3]
        let sha = "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81"
        connection.responder = { _ in .init(lines: [(.stdout, "\(sha)  /srv/app.tgz")]) }
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("a-\(UUID()).tgz")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let steps = [ResolvedStep(name: "upload", action: .upload(source: file, sha256: sha, to: "/srv/app.tgz"))]
        let report = await runner(connection).run(steps, firstHost: "web-1", barrier: OnceBarrier())
        #expect(report.outcomes.first?.status == .skipped)
        #expect(connection.files.isEmpty)

        connection.responder = { _ in .init(lines: [(.stdout, "ffff  /srv/app.tgz")]) }
        _ = await runner(connection).run(steps, firstHost: "web-1", barrier: OnceBarrier())
        #expect(connection.files["/srv/app.tgz"]?.0 == bytes)
    }

    @Test func anArtifactFileChangedSinceItsBuildIsNeverSent() async throws {
        let connection = MemoryConnection()
        connection.responder = { _ in .init(lines: [(.stdout, "ffff  /srv/app.tgz")]) }
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("a-\(UUID()).tgz")
        try Data([9, 9, 9]).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let recorded = "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81"
        let steps = [ResolvedStep(name: "upload", action: .upload(source: file, sha256: recorded, to: "/srv/app.tgz"))]
        let report = await runner(connection).run(steps, firstHost: "web-1", barrier: OnceBarrier())
        #expect(report.outcomes.first?.status == .failed)
        #expect(report.outcomes.first?.note?.contains("no longer matches its recorded digest") == true)
        #expect(connection.files.isEmpty)
    }

    @Test func aFileTheHostRefusesIsAFailedStepWithItsStderr() async {
        let connection = MemoryConnection()
        connection.uploadResult = RemoteResult(exitStatus: 1)
        let events = Events()
        let steps = [ResolvedStep(name: "config", action: .file(content: Array("x".utf8), to: "/nope/app.env", mode: 0o600))]
        let report = await runner(connection, events: events).run(steps, firstHost: "web-1", barrier: OnceBarrier())
        #expect(report.state == .failed)
        #expect(report.outcomes.first?.note == "could not write /nope/app.env: exit 1")
        #expect(events.lines == ["web-1 cannot create /nope/app.env: Permission denied"])
    }

    @Test func infrastructureErrorEndsTheHostAsErrored() async {
        struct Down: Error {}
        let connection = MemoryConnection()
        connection.failWith = Down()
        let steps = [ResolvedStep.command("a", "a", retries: 3)]
        let report = await runner(connection).run(steps, firstHost: "web-1", barrier: OnceBarrier())
        #expect(report.errored)
        #expect(report.outcomes.first?.attempt == 1)
    }

    @Test func aStopRequestStopsTheRunningCommandAndStartsNothingElse() async {
        let connection = MemoryConnection()
        connection.responder = { command in command == "long" ? .init(runsUntilStopped: true) : .init() }
        let stop = Interruption()
        let steps = [ResolvedStep.command("long", "long"), ResolvedStep.command("next", "next")]
        async let report = runner(connection, stop: stop).run(steps, firstHost: "web-1", barrier: OnceBarrier())
        while connection.commands.isEmpty { try? await Task.sleep(for: .milliseconds(5)) }
        stop.request(signal: SIGTERM)
        let done = await report
        #expect(done.state == .interrupted)
        #expect(done.outcomes.map(\.status) == [.interrupted])
        #expect(connection.commands == ["long"])
        #expect(done.touched)
    }
}
