import Foundation
import Synchronization

/// Runs read-only probe commands (parity facts, `parity.running`) on hosts and collects what
/// each printed and how it ended.
///
/// This is the one place probes reach hosts: at most `parallel` hosts at once, one connection
/// per host (from the provider, reused for all of that host's commands), commands of one host
/// one after the other. Output is masked with the secret values before it leaves this type.
struct FactCollector: Sendable {
    /// The commands to run on one host. `id` tells apart two probes of the same host (two
    /// environments may share a host).
    struct Probe: Sendable {
        var id: String
        var host: String
        /// (name, rendered command) in order.
        var commands: [(name: String, command: String)]
    }

    /// How one command ended on one host.
    struct Output: Sendable, Equatable {
        var stdout: String
        var stderr: String
        /// nil when the command did not run to an end (see `error`) or was killed by a signal.
        var exitStatus: Int32?
        var signal: String?
        var timedOut: Bool
        /// Why the command could not run or be followed (unreachable host, broken connection).
        var error: String?
    }

    let provider: any ConnectionProvider
    let parallel: Int
    /// Secret values to mask in every output.
    let secrets: [String]
    let timeout: TimeInterval?

    /// Runs every probe; returns each probe's outputs (by probe id) in the order of its commands.
    func collect(_ probes: [Probe]) async -> [String: [Output]] {
        await withTaskGroup(of: (String, [Output]).self) { group in
            var pending = probes[...]
            func start(_ probe: Probe) {
                group.addTask { (probe.id, await run(probe)) }
            }
            for _ in 0..<min(max(1, parallel), probes.count) { if let probe = pending.popFirst() { start(probe) } }
            var results: [String: [Output]] = [:]
            for await (id, outputs) in group {
                results[id] = outputs
                if let next = pending.popFirst() { start(next) }
            }
            return results
        }
    }

    private func run(_ probe: Probe) async -> [Output] {
        let connection: any RemoteConnection
        do {
            connection = try await provider.connection(to: probe.host)
        } catch {
            let failed = Output(stdout: "", stderr: "", exitStatus: nil, signal: nil, timedOut: false, error: mask("\(error)"))
            return probe.commands.map { _ in failed }
        }
        var outputs: [Output] = []
        for (_, command) in probe.commands {
            let lines = LineBuffer()
            do {
                let result = try await connection.run(command, timeout: timeout) { channel, line in lines.append(channel, line) }
                let (stdout, stderr) = lines.text
                outputs.append(Output(stdout: mask(stdout), stderr: mask(stderr),
                                       exitStatus: result.signal == nil && !result.timedOut ? result.exitStatus : nil,
                                      signal: result.signal, timedOut: result.timedOut, error: nil))
            } catch {
                outputs.append(Output(stdout: "", stderr: "", exitStatus: nil, signal: nil, timedOut: false, error: mask("\(error)")))
            }
        }
        return outputs
    }

    private func mask(_ text: String) -> String { SecretMasker(secrets: secrets).mask(text) }
}

/// One command's stdout and stderr lines as they arrive (on the connection's thread).
private final class LineBuffer: Sendable {
    private let lines = Mutex<(stdout: [String], stderr: [String])>(([], []))

    func append(_ channel: OutputChannel, _ line: String) {
        lines.withLock { if channel == .stderr { $0.stderr.append(line) } else { $0.stdout.append(line) } }
    }

    /// Each stream's lines joined, each ending in a newline.
    var text: (String, String) {
        lines.withLock { ($0.stdout.map { $0 + "\n" }.joined(), $0.stderr.map { $0 + "\n" }.joined()) }
    }
}
