import Crypto
import Foundation
import GantryGates
import GantryModel
import GantryShell

/// Runs a deployment's steps, in order, on one host.
///
/// Each step gets up to `retries + 1` attempts with a growing wait between them. `run_once`
/// steps run on the first host only while the others wait for them. An infrastructure error
/// (the connection broke) ends the host's run as `errored`. A stop request (a signal) lets no
/// new step or attempt start and stops the command that runs. Output goes to the sink as it
/// arrives; nothing is kept here (the run's boundary masks, bounds and records it).
struct HostStepRunner: Sendable {
    /// Where output lines and step events go as they happen.
    typealias Sink = @Sendable (RolloutEvent) -> Void

    /// The pseudo-step name under which a failed connection is reported.
    static let connectStep = "(connect)"

    let host: String
    let connection: any RemoteConnection
    let clock: any GantryClock
    /// nil for rollback steps: they run to their end even after a signal.
    let stop: Interruption?
    let rollback: Bool
    let sink: Sink

    /// The outcome of a host's run.
    struct Report: Sendable {
        var outcomes: [StepOutcome]
        /// A stop request ended the run before every step was done.
        var interrupted = false

        /// True when every step succeeded or was rightly skipped.
        var succeeded: Bool { !interrupted && outcomes.allSatisfy(\.passed) }
        /// True when the run stopped on an infrastructure error rather than a failing step.
        var errored: Bool { outcomes.contains { $0.status == .errored } }
        /// True when anything may have changed on the host (a host never reached was not changed).
        var touched: Bool { outcomes.contains { $0.attempt > 0 && $0.step != HostStepRunner.connectStep } }

        var state: RolloutReport.HostState {
            if errored { return .errored }
            if interrupted || outcomes.contains(where: { $0.status == .interrupted }) { return .interrupted }
            return succeeded ? .succeeded : .failed
        }
    }

    private var stopRequested: Bool { stop?.isRequested ?? false }

    /// - Parameter firstHost: the host that runs `run_once` steps; the others wait for it.
    func run(_ steps: [ResolvedStep], firstHost: String, barrier: OnceBarrier) async -> Report {
        let isFirstHost = host == firstHost
        var report = Report(outcomes: [])
        for step in steps {
            if stopRequested {
                report.interrupted = true
                break
            }
            if step.runOnce && !isFirstHost {
                let firstSucceeded = await barrier.wait(for: step.name)
                let now = clock.now()
                let outcome = StepOutcome(host: host, step: step.name, rollback: rollback,
                                          status: firstSucceeded ? .skipped : .failed, attempt: 0, attempts: step.retries + 1,
                                          note: firstSucceeded ? "run_once: ran on \(firstHost)"
                                              : "run_once: did not succeed on \(firstHost), so it does not run here",
                                          startedAt: now, finishedAt: now)
                report.outcomes.append(outcome)
                sink(.stepFinished(outcome))
                if !firstSucceeded { break }
                continue
            }
            let outcome = await attempts(step)
            report.outcomes.append(outcome)
            sink(.stepFinished(outcome))
            if step.runOnce { await barrier.finish(step.name, succeeded: outcome.status == .succeeded) }
            if outcome.status == .interrupted { report.interrupted = true }
            if !outcome.passed { break }
        }
        // Hosts waiting on a run_once step that this host never finished must not hang.
        if isFirstHost { await barrier.abandon() }
        return report
    }

    /// Every attempt of one step, waiting `retry_delay × retry_backoff^(n-1)` between them.
    private func attempts(_ step: ResolvedStep) async -> StepOutcome {
        let allowed = max(0, step.retries) + 1
        var attempt = 1
        while true {
            sink(.stepStarted(host: host, step: step.name, rollback: rollback, attempt: attempt, of: allowed))
            let outcome = await once(step, attempt: attempt, of: allowed)
            let retryable = outcome.status == .failed || outcome.status == .timedOut
            let wait = step.retry.wait(after: attempt)
            let again = retryable && attempt < allowed && !stopRequested
            sink(.attemptFinished(outcome, retryIn: again ? wait : nil))
            guard again else { return outcome }
            if await !pause(wait) {
                var stopped = outcome
                stopped.note = (outcome.note.map { $0 + "; " } ?? "") + "no further attempt: a signal stopped the run"
                return stopped
            }
            attempt += 1
        }
    }

    /// Sleeps `seconds` unless a stop is requested first; false when it was.
    private func pause(_ seconds: TimeInterval) async -> Bool {
        let end = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < end {
            if stopRequested { return false }
            try? await Task.sleep(for: min(.milliseconds(100), end - ContinuousClock.now))
        }
        return !stopRequested
    }

    private func once(_ step: ResolvedStep, attempt: Int, of allowed: Int) async -> StepOutcome {
        let started = clock.now()
        var outcome = StepOutcome(host: host, step: step.name, rollback: rollback, status: .succeeded, attempt: attempt,
                                  attempts: allowed, startedAt: started, finishedAt: started)
        let host = self.host, sink = self.sink
        let show: @Sendable (OutputChannel, String) -> Void = { channel, line in
            sink(.output(host: host, channel: channel, line: line))
        }
        var shouldStop: (@Sendable () -> Bool)?
        if let stop = self.stop { shouldStop = { stop.isRequested } }
        do {
            switch step.action {
            case let .run(command, _):
                let result = try await connection.run(command, shouldStop: shouldStop, onLine: show)
                outcome.apply(result, timeout: step.timeout)
            case let .file(content, to, mode):
                let result = try await connection.upload(content, to: to, mode: mode, timeout: step.timeout, onLine: show)
                outcome.apply(result, timeout: step.timeout, writing: to)
            case let .upload(source, sha256, to):
                try await upload(source, sha256: sha256, to: to, step: step, into: &outcome, show: show)
            }
        } catch {
            outcome.status = .errored
            outcome.note = HostFailure(error).reason
        }
        outcome.finishedAt = clock.now()
        return outcome
    }

    /// Copies the kept artifact file unless the host already has the same bytes.
    ///
    /// The file is hashed again as it is read for sending: bytes that no longer match the
    /// digest recorded at build time are never sent.
    private func upload(_ source: URL, sha256: String, to path: String, step: ResolvedStep, into outcome: inout StepOutcome,
                        show: @escaping @Sendable (OutputChannel, String) -> Void) async throws {
        let remote = Locked<[String]>([])
        let probe = try await connection.run(RemoteCommand("sha256sum \(ShellQuote.quote(path)) 2>/dev/null || true",
                                                           timeout: step.timeout),
                                             shouldStop: nil) { _, line in remote.withLock { $0.append(line) } }
        if probe.succeeded, remote.current.first?.split(separator: " ").first.map(String.init) == sha256 {
            outcome.status = .skipped
            outcome.note = "\(path) already has sha256 \(sha256.prefix(12))"
            return
        }
        let bytes: [UInt8]
        do {
            bytes = try [UInt8](Data(contentsOf: source))
        } catch {
            outcome.status = .failed
            outcome.note = "cannot read the kept artifact file \(source.path): \(error.localizedDescription)"
            return
        }
        let actual = Hex.encode(SHA256.hash(data: bytes))
        guard actual == sha256 else {
            outcome.status = .failed
            outcome.note = "the kept artifact file \(source.path) no longer matches its recorded digest "
                + "sha256:\(sha256.prefix(12))… (it reads sha256:\(actual.prefix(12))…); refusing to upload it"
            return
        }
        let result = try await connection.upload(bytes, to: path, mode: 0o644, timeout: step.timeout, onLine: show)
        outcome.apply(result, timeout: step.timeout, writing: path)
    }
}

extension StepOutcome {
    /// Takes a command's result: its exit status and, when it did not succeed, why.
    mutating func apply(_ result: RemoteResult, timeout: TimeInterval?, writing path: String? = nil) {
        exitStatus = result.signal == nil && result.stop == nil ? result.exitStatus : nil
        guard !result.succeeded else { return }
        switch result.stop {
        case .timedOut: status = .timedOut
        case .interrupted: status = .interrupted
        case nil: status = .failed
        }
        let summary = result.summary(timeout: timeout)
        note = path.map { "could not write \($0): \(summary)" } ?? summary
    }
}
