import Foundation
import Synchronization

/// Runs read-only probe commands (parity facts, `parity.running`) on hosts and collects what
/// each printed and how it ended.
///
/// Probes walk hosts through the engine's one host walk (`HostWalk`): at most `parallel` at once,
/// one connection per host (from the provider, reused for all of that host's commands), commands
/// of one host one after the other, secret values on stdin. Output is masked with the secret
/// values before it leaves this type.
struct FactCollector: Sendable {
    /// The commands to run on one host. `id` tells apart two probes of the same host (two
    /// environments may share a host).
    struct Probe: Sendable {
        var id: String
        var host: String
        /// (name, rendered command) in order.
        var commands: [(name: String, command: RemoteCommand)]
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

    /// Runs every probe; returns each probe's outputs (by probe id) in the order of its commands.
    func collect(_ probes: [Probe]) async -> [String: [Output]] {
        let byID = Dictionary(probes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return await HostWalk.run(probes.map(\.id), parallel: parallel) { id in
            guard let probe = byID[id] else { return [] }
            return await run(probe)
        }
    }

    private func run(_ probe: Probe) async -> [Output] {
        let connection: any RemoteConnection
        do {
            connection = try await provider.connection(to: probe.host)
        } catch {
            let failed = Output(stdout: "", stderr: "", exitStatus: nil, signal: nil, timedOut: false,
                                error: mask(HostFailure(error).reason))
            return probe.commands.map { _ in failed }
        }
        var outputs: [Output] = []
        for (_, command) in probe.commands {
            let lines = LineBuffer()
            do {
                let result = try await connection.run(command, shouldStop: nil) { channel, line in lines.append(channel, line) }
                let (stdout, stderr) = lines.text
                outputs.append(Output(stdout: mask(stdout), stderr: mask(stderr),
                                       exitStatus: result.signal == nil && !result.timedOut ? result.exitStatus : nil,
                                      signal: result.signal, timedOut: result.timedOut, error: nil))
            } catch {
                outputs.append(Output(stdout: "", stderr: "", exitStatus: nil, signal: nil, timedOut: false,
                                      error: mask(HostFailure(error).reason)))
            }
        }
        return outputs
    }

    private func mask(_ text: String) -> String { SecretMasker(secrets: secrets).mask(text) }
}

/// One command's stdout and stderr lines as they arrive (on the connection's thread), bounded
/// like step output (a fact that prints without end keeps its last 256 KiB).
private final class LineBuffer: Sendable {
    private let lines = Mutex((stdout: OutputTail(), stderr: OutputTail()))

    func append(_ channel: OutputChannel, _ line: String) {
        lines.withLock { if channel == .stderr { $0.stderr.append(line) } else { $0.stdout.append(line) } }
    }

    /// Each stream's lines joined, each ending in a newline.
    var text: (String, String) {
        lines.withLock { lines in
            (lines.stdout.isEmpty ? "" : lines.stdout.text + "\n", lines.stderr.isEmpty ? "" : lines.stderr.text + "\n")
        }
    }
}
