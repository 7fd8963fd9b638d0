import Foundation
import GantryGates
import GantryShell
import GantryStore
import Synchronization

/// Where everything leaves a running deployment: the one place secrets are masked.
///
/// Every event for the observer, every stored row (step output, the deployment's message, audit
/// details) and every error description of the run passes through here, so no call site has to
/// remember to mask. Output arrives as raw lines; secrets may span lines and reads, so each
/// host's streams are masked as streams. Each attempt's output is kept bounded (the last
/// ``OutputTail/defaultLimit`` bytes) and stored as soon as the attempt ends.
final class RunBoundary: Sendable {
    private struct State {
        var deploymentID: Int64?
        var streams: [String: MaskedLines] = [:]
        var tails: [String: OutputTail] = [:]
        var recordingError: String?
        /// The step last noted in the deployment record (noted once per step, not per host).
        var notedStep: String?
    }

    private let masker: SecretMasker
    private let secrets: [String]
    private let store: StateStore
    private let observer: EngineObserver
    private let state = Mutex(State())
    /// Where the run's notifications go (started, and how it ended); masked like everything else here.
    let notices: Notices?

    init(secrets: [String], store: StateStore, observer: @escaping EngineObserver, notices: Notices? = nil) {
        self.secrets = secrets
        self.masker = SecretMasker(secrets: secrets)
        self.store = store
        self.observer = observer
        self.notices = notices
    }

    /// Steps' results are stored under this deployment from now on.
    func attach(_ deployment: Int64) { state.withLock { $0.deploymentID = deployment } }

    /// `text` with every secret value as `***`.
    func mask(_ text: String) -> String { masker.mask(text) }

    func mask(_ error: EngineError) -> EngineError { EngineError(error.severity, mask(error.message)) }

    /// The first failure to store a step result, if any (the run goes on; it is reported at the end).
    var recordingError: String? { state.withLock { $0.recordingError } }

    /// Masks an engine event, records what it finishes, and passes it on.
    func observe(_ event: EngineEvent) {
        switch event {
        case let .rollout(rollout):
            observe(rollout)
        case let .note(text):
            observer(.note(mask(text)))
        case let .deploymentFinished(deployment):
            var masked = deployment
            masked.message = deployment.message.map(mask)
            observer(.deploymentFinished(masked))
        case .gates, .deploymentStarted:
            observer(event)
        }
    }

    private func observe(_ event: RolloutEvent) {
        switch event {
        case let .output(host, channel, line):
            let lines: [String] = state.withLock { state in
                let key = host + "\u{0}" + channel.rawValue
                var stream = state.streams[key] ?? MaskedLines(secrets: secrets)
                let ready = stream.feed(line)
                state.streams[key] = stream
                for line in ready { state.tails[host, default: OutputTail()].append(line) }
                return ready
            }
            for line in lines { observer(.rollout(.output(host: host, channel: channel, line: line))) }
        case let .stepStarted(host, step, rollback, _, _):
            let name = rollback ? "rollback: \(step)" : step
            let note: (Int64, String)? = state.withLock { state in
                state.tails[host] = OutputTail()
                guard state.notedStep != name, let id = state.deploymentID else { return nil }
                state.notedStep = name
                return (id, name)
            }
            // Best effort: `gantry status` shows it; a busy store must not stop the run.
            if let (id, name) = note { try? store.noteStep(deployment: id, "\(name) on \(host)") }
            observer(.rollout(event))
        case let .attemptFinished(outcome, retryIn):
            let masked = mask(outcome)
            record(masked, output: flush(outcome.host))
            observer(.rollout(.attemptFinished(masked, retryIn: retryIn)))
        case let .stepFinished(outcome):
            let masked = mask(outcome)
            // A step that never ran an attempt (run_once elsewhere, a failed connection) has no row yet.
            if outcome.attempt == 0 || outcome.step == HostStepRunner.connectStep { record(masked, output: "") }
            observer(.rollout(.stepFinished(masked)))
        case let .preflight(results):
            observer(.rollout(.preflight(results.map { result in
                var masked = result
                masked.failure?.reason = mask(result.failure?.reason ?? "")
                return masked
            })))
        case .batchStarted, .rollbackStarted:
            observer(.rollout(event))
        }
    }

    private func mask(_ outcome: StepOutcome) -> StepOutcome {
        var masked = outcome
        masked.note = outcome.note.map(mask)
        return masked
    }

    /// Releases what a host's masked streams held back and returns the attempt's kept output.
    private func flush(_ host: String) -> String {
        let (held, text): ([(OutputChannel, String)], String) = state.withLock { state in
            var held: [(OutputChannel, String)] = []
            for channel in [OutputChannel.stdout, .stderr] {
                let key = host + "\u{0}" + channel.rawValue
                guard var stream = state.streams.removeValue(forKey: key) else { continue }
                for line in stream.finish() {
                    held.append((channel, line))
                    state.tails[host, default: OutputTail()].append(line)
                }
            }
            let text = state.tails.removeValue(forKey: host)?.text ?? ""
            return (held, text)
        }
        for (channel, line) in held { observer(.rollout(.output(host: host, channel: channel, line: line))) }
        return text
    }

    /// Stores one attempt's result as it ends, so a run that dies later keeps what happened.
    private func record(_ outcome: StepOutcome, output: String) {
        guard let deployment = state.withLock({ $0.deploymentID }) else { return }
        let text = outcome.note.map { output.isEmpty ? "(\($0))" : output + "\n(\($0))" } ?? output
        do {
            try store.appendStepResult(StepResult(
                deploymentID: deployment, host: outcome.host, step: outcome.recordedName, attempt: outcome.attempt,
                exitStatus: outcome.exitStatus, startedAt: outcome.startedAt, finishedAt: outcome.finishedAt,
                outcome: outcome.status.rawValue, output: text))
        } catch {
            state.withLock { $0.recordingError = $0.recordingError ?? mask("\(error)") }
        }
    }
}
