import Foundation
import GantryGates
import GantryModel
import GantryShell

/// Runs a deployment's steps, in order, on one host.
///
/// Each step gets up to `retries + 1` attempts; output is masked before it is shown or kept;
/// `run_once` steps run on the first host only while the others wait for them. An
/// infrastructure error (the host became unreachable) ends the host's run as `errored`.
struct HostStepRunner: Sendable {
    /// Where masked output lines and finished steps go as they happen.
    typealias Sink = @Sendable (RolloutEvent) -> Void

    /// The pseudo-step name under which a failed connection is reported.
    static let connectStep = "(connect)"

    let host: String
    let connection: any RemoteConnection
    let secrets: [String]
    let clock: any GantryClock
    let sink: Sink

    /// The outcome of a host's run.
    struct Report: Sendable {
        var outcomes: [StepOutcome]
        /// True when every step succeeded or was rightly skipped.
        var succeeded: Bool { outcomes.allSatisfy { $0.status == .succeeded || $0.status == .skipped } }
        /// True when the run stopped on an infrastructure error rather than a failing step.
        var errored: Bool { outcomes.contains { $0.status == .errored } }
        /// True when anything may have changed on the host (a host never reached was not changed).
        var touched: Bool { outcomes.contains { $0.status != .skipped && $0.step != HostStepRunner.connectStep } }
    }

    func run(_ steps: [ResolvedStep], isFirstHost: Bool, barrier: OnceBarrier) async -> Report {
        var outcomes: [StepOutcome] = []
        for step in steps {
            if step.runOnce && !isFirstHost {
                let firstSucceeded = await barrier.wait(for: step.name)
                let now = clock.now()
                outcomes.append(StepOutcome(host: host, step: step.name, status: firstSucceeded ? .skipped : .failed,
                                            attempts: 0, exitStatus: nil, output: "",
                                            note: firstSucceeded ? "run_once: ran on the first host"
                                                : "run_once: failed on the first host",
                                            startedAt: now, finishedAt: now))
                if !firstSucceeded { break }
                continue
            }
            let outcome = await attempt(step)
            outcomes.append(outcome)
            sink(.stepFinished(outcome))
            if step.runOnce { await barrier.finish(step.name, succeeded: outcome.status == .succeeded) }
            if outcome.status != .succeeded && outcome.status != .skipped { break }
        }
        // Hosts waiting on a run_once step that this host never reached must not hang.
        if isFirstHost {
            for step in steps where step.runOnce && !outcomes.contains(where: { $0.step == step.name }) {
                await barrier.finish(step.name, succeeded: false)
            }
        }
        return Report(outcomes: outcomes)
    }

    private func attempt(_ step: ResolvedStep) async -> StepOutcome {
        let started = clock.now()
        var attempts = 0
        var last = StepOutcome(host: host, step: step.name, status: .failed, attempts: 0, exitStatus: nil,
                               output: "", note: nil, startedAt: started, finishedAt: started)
        while attempts <= max(0, step.retries) {
            attempts += 1
            last = await once(step, attempt: attempts, started: started)
            last.attempts = attempts
            if last.status == .succeeded || last.status == .skipped || last.status == .errored { break }
        }
        return last
    }

    private func once(_ step: ResolvedStep, attempt: Int, started: Date) async -> StepOutcome {
        let collected = OutputBuffer(host: host, secrets: secrets, sink: sink)
        var outcome = StepOutcome(host: host, step: step.name, status: .succeeded, attempts: attempt, exitStatus: nil,
                                  output: "", note: nil, startedAt: started, finishedAt: started)
        do {
            switch step.action {
            case let .run(command, _):
                let result = try await connection.run(command, timeout: step.timeout) { channel, line in
                    collected.add(channel, line)
                }
                outcome.exitStatus = result.exitStatus
                if result.timedOut {
                    outcome.status = .timedOut
                    outcome.note = "timed out after \(DurationText.describe(step.timeout ?? 0)) (remote processes stopped)"
                } else if let signal = result.signal {
                    outcome.status = .failed
                    outcome.note = "killed by signal \(signal)"
                } else if result.exitStatus != 0 {
                    outcome.status = .failed
                    outcome.note = "exit status \(result.exitStatus)"
                }
            case let .file(content, to, mode):
                try await connection.upload(content, to: to, mode: mode)
            case let .upload(source, sha256, to):
                let probe = try await connection.run("sha256sum \(ShellQuote.quote(to)) 2>/dev/null || true",
                                                     timeout: step.timeout) { _, line in collected.keep(line) }
                if probe.succeeded, collected.kept.first?.split(separator: " ").first.map(String.init) == sha256 {
                    outcome.status = .skipped
                    outcome.note = "\(to) already has sha256 \(sha256.prefix(12))"
                } else {
                    let bytes = try [UInt8](Data(contentsOf: source))
                    try await connection.upload(bytes, to: to, mode: 0o644)
                }
            }
        } catch {
            outcome.status = .errored
            outcome.note = "\(error)"
        }
        outcome.output = collected.finish()
        outcome.finishedAt = clock.now()
        return outcome
    }
}

/// Collects a step's output per channel, masks it, and forwards masked lines as they come.
final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var streams: [OutputChannel: MaskedLines] = [:]
    private var text: [String] = []
    private(set) var kept: [String] = []
    private let host: String
    private let secrets: [String]
    private let sink: HostStepRunner.Sink

    init(host: String, secrets: [String], sink: @escaping HostStepRunner.Sink) {
        self.host = host
        self.secrets = secrets
        self.sink = sink
    }

    func add(_ channel: OutputChannel, _ line: String) {
        let ready: [String] = lock.withLock {
            var stream = streams[channel] ?? MaskedLines(secrets: secrets)
            let lines = stream.feed(line)
            streams[channel] = stream
            text += lines
            return lines
        }
        for line in ready { sink(.output(host: host, channel: channel, line: line)) }
    }

    /// Keeps a line for the engine's own use (probe output), never shown.
    func keep(_ line: String) { lock.withLock { kept.append(line) } }

    /// Flushes held-back output; returns everything shown, joined by newlines.
    func finish() -> String {
        var flushed: [(OutputChannel, String)] = []
        let all: String = lock.withLock {
            for (channel, var stream) in streams {
                for line in stream.finish() { flushed.append((channel, line)); text.append(line) }
            }
            streams = [:]
            return text.joined(separator: "\n")
        }
        for (channel, line) in flushed { sink(.output(host: host, channel: channel, line: line)) }
        return all
    }
}
