import Foundation
import GantryModel
import GantryShell

extension Engine {
    /// What `gantry check` found on one host.
    public struct HostCheck: Sendable {
        public var host: String
        public var address: String
        /// Reached, host key verified, logged in.
        public var reachable: Bool
        public var failure: HostFailure?
        /// `sudo -n true` passed; nil when no step uses sudo or the host was not reached.
        public var sudo: Bool?
        /// Why `sudo -n true` failed, in the host's words.
        public var sudoDetail: String?

        /// Ready for a deployment: reached, and sudo works where steps need it.
        public var ready: Bool { reachable && sudo != false }
    }

    /// What `gantry check` found.
    public struct CheckReport: Sendable {
        public var pipeline: String
        public var environment: String
        /// Whether some `run:` or `rollback:` step uses sudo (so `sudo -n true` was tried).
        public var checkedSudo: Bool
        public var hosts: [HostCheck]

        public var ready: Bool { hosts.allSatisfy(\.ready) }
        /// Unreachable hosts make the check an infrastructure failure; a host where sudo would ask
        /// for a password fails the check as a failed command would.
        public var severity: Severity? {
            if hosts.contains(where: { !$0.reachable }) { return .infrastructure }
            return hosts.contains { $0.sudo == false } ? .failed : nil
        }
    }

    /// The pre-flight alone: every host of the environment is connected and authenticated (host
    /// key included), in parallel within `ssh.parallel`, and `sudo -n true` runs where steps use
    /// sudo. Nothing is changed on any host and nothing is recorded.
    ///
    /// - Parameter selection: host or group names to check; nil = every host.
    public func check(_ pipeline: Pipeline, environment: String, hosts selection: [String]? = nil) async throws(EngineError) -> CheckReport {
        let env = try engineCall { try pipeline.environment(named: environment) }
        let hosts = try engineCall { try pipeline.hosts(of: env, limitedTo: selection) }
        guard !hosts.isEmpty else { throw .configuration("environment '\(env.name)' has no hosts") }
        let usesSudo = Self.usesSudo(pipeline)
        let provider = connect(pipeline)
        let parallel = pipeline.ssh.parallel
        let reached = await Preflight.connect(hosts.map(\.name), provider: provider, parallel: parallel)
        var sudo: [String: (Bool, String?)] = [:]
        if usesSudo {
            let connections = reached.compactMap { result in result.connection.map { (result.host, $0) } }
            let table = Dictionary(connections, uniquingKeysWith: { first, _ in first })
            sudo = await HostWalk.run(connections.map(\.0), parallel: parallel) { host -> (Bool, String?) in
                guard let connection = table[host] else { return (false, nil) }
                let errors = Locked<[String]>([])
                do {
                    let result = try await connection.run(RemoteCommand("sudo -n true", timeout: 30), shouldStop: nil) { _, line in
                        errors.withLock { $0.append(line) }
                    }
                    if result.exitStatus == 127 && result.signal == nil { return (false, "sudo is not installed on the host") }
                    return (result.succeeded, result.succeeded ? nil : errors.current.joined(separator: " "))
                } catch {
                    return (false, HostFailure(error).reason)
                }
            }
        }
        await provider.closeAll()
        let checks = hosts.map { host in
            let result = reached.first { $0.host == host.name }
            return HostCheck(host: host.name, address: "\(host.address):\(host.port)", reachable: result?.reachable ?? false,
                             failure: result?.failure, sudo: sudo[host.name]?.0, sudoDetail: sudo[host.name]?.1)
        }
        return CheckReport(pipeline: pipeline.name, environment: env.name, checkedSudo: usesSudo, hosts: checks)
    }

    /// Whether a `run:` or `rollback:` step calls sudo (as a word of its command).
    static func usesSudo(_ pipeline: Pipeline) -> Bool {
        (pipeline.steps + pipeline.rollback).contains { step in
            guard case let .run(template) = step.action else { return false }
            return template.source.split(whereSeparator: { !$0.isLetter && $0 != "-" && $0 != "_" }).contains("sudo")
        }
    }
}
