import Foundation
import GantryModel
import GantryShell
import GantryStore

extension Engine {
    /// Runs one raw shell command on every host of an environment and records one audit event.
    ///
    /// The command is run as typed: no `${…}` interpolation and no secret resolution, so `exec`
    /// needs no secret values and a missing secret cannot stop an incident response. For the same
    /// reason its output is not masked — nothing Gantry knows was put into it. It takes no lock
    /// and passes no gates: it changes no record, it is audited. At most `parallel` hosts (default
    /// the pipeline's `ssh.parallel`) run at once.
    ///
    /// - Parameters:
    ///   - pipeline: the validated pipeline.
    ///   - environment: the environment whose hosts run the command.
    ///   - command: one shell command line.
    ///   - parallel: hosts at once; nil = `ssh.parallel`.
    ///   - onEvent: output lines and finished hosts as they happen.
    /// - Throws: ``EngineError`` `.configuration` for an unknown environment, an empty command or an
    ///   environment without hosts; `.infrastructure` when the audit event cannot be written.
    ///   - hosts: host or group names to limit the run to; nil = every host of the environment.
    ///   - skipUnreachable: hosts that cannot be reached are reported but do not make the run an
    ///     infrastructure failure (unless no host could be reached).
    public func exec(_ pipeline: Pipeline, environment: String, command: String, parallel: Int? = nil,
                     hosts selection: [String]? = nil, skipUnreachable: Bool = false,
                     onEvent: @escaping @Sendable (ExecEvent) -> Void = { _ in }) async throws(EngineError) -> ExecResult {
        let env = try engineCall { try pipeline.environment(named: environment) }
        guard !command.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .configuration("exec needs a command after --")
        }
        let hosts = try engineCall { try pipeline.hosts(of: env, limitedTo: selection) }.map(\.name)
        guard !hosts.isEmpty else { throw .configuration("environment '\(env.name)' has no hosts") }

        let provider = connect(pipeline)
        let stop = interruption
        let limit = max(1, parallel ?? pipeline.ssh.parallel)
        let results = await HostWalk.run(hosts, parallel: limit) { host in
            let result = await Self.runOne(command, on: host, provider: provider, stop: stop, onEvent: onEvent)
            onEvent(.hostFinished(result))
            return result
        }
        await provider.closeAll()

        let result = ExecResult(pipeline: pipeline.name, environment: env.name, command: command,
                                hosts: hosts.compactMap { results[$0] }, signal: interruption.signal,
                                skipUnreachable: skipUnreachable)
        _ = try engineCall {
            try store.appendAudit(audit("exec", pipeline: pipeline.name, environment: env.name, artifact: nil,
                                        outcome: result.outcome.rawValue, details: Self.auditDetails(result)))
        }
        return result
    }

    /// The command, then one line per host: `host: exit 0 (0.2s)`.
    static func auditDetails(_ result: ExecResult) -> String {
        var lines = ["command: \(result.command)", result.summary + (result.skipUnreachable ? " (--skip-unreachable)" : "")]
        for host in result.hosts {
            lines.append("\(host.host): \(host.summary) (\(String(format: "%.1f", host.duration))s)")
        }
        return lines.joined(separator: "\n")
    }

    private static func runOne(_ command: String, on host: String, provider: any ConnectionProvider, stop: Interruption,
                               onEvent: @escaping @Sendable (ExecEvent) -> Void) async -> ExecResult.Host {
        let started = ContinuousClock.now
        let output = Locked((stdout: OutputTail(), stderr: OutputTail()))
        func seconds() -> Double {
            let elapsed = (ContinuousClock.now - started).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        }
        var result = ExecResult.Host(host: host, state: .unreachable, exitStatus: nil, signal: nil, timedOut: false,
                                     stdout: "", stderr: "", duration: 0, error: nil)
        if stop.isRequested {
            result.state = .interrupted
            result.error = "not started: a signal stopped the run"
            return result
        }
        let connection: any RemoteConnection
        do {
            connection = try await provider.connection(to: host)
        } catch {
            result.error = HostFailure(error).reason
            result.duration = seconds()
            return result
        }
        do {
            let remote = try await connection.run(RemoteCommand(command), shouldStop: { stop.isRequested }) { channel, line in
                output.withLock { if channel == .stderr { $0.stderr.append(line) } else { $0.stdout.append(line) } }
                onEvent(.output(host: host, channel: channel, line: line))
            }
            result.state = remote.stop == .interrupted ? .interrupted : (remote.succeeded ? .succeeded : .failed)
            result.exitStatus = remote.signal == nil && remote.stop == nil ? remote.exitStatus : nil
            result.signal = remote.signal
            result.timedOut = remote.timedOut
            if remote.stopFailed { result.error = "the remote process could not be stopped" }
        } catch {
            // The connection broke while the command ran: what it did is unknown (infrastructure).
            result.error = HostFailure(error).reason
        }
        let kept = output.current
        (result.stdout, result.stderr) = (kept.stdout.text, kept.stderr.text)
        if !kept.stdout.isEmpty { result.stdout += "\n" }
        if !kept.stderr.isEmpty { result.stderr += "\n" }
        result.duration = seconds()
        return result
    }
}
