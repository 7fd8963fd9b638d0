import Foundation
import GantryModel
import GantryStore

extension Engine {
    /// The values an environment's probes are rendered with: its vars, the secrets that have a
    /// value there, and the artifact it runs.
    struct ProbeContext: Sendable {
        var environment: Environment
        var artifact: Artifact?
        var secrets: [String: String]
    }

    /// Seconds a probe may run when `ssh.command_timeout` sets no limit: a fact never hangs a gate.
    static let probeTimeout: TimeInterval = 60

    /// One environment's hosts to read, with or without `parity.running`.
    struct ProbeTarget: Sendable {
        var environment: Environment
        var hosts: [GantryModel.Host]
        var running: Bool
    }

    /// The context of `env` now: what it runs, and the secrets that resolve for it.
    ///
    /// - Parameter reading: false when no fact will be read with it (only compared from history):
    ///   then a secret a fact needs may lack a value.
    /// - Throws: `.configuration` when a fact or `running` needs a secret without a value there
    ///   (every such name at once), or when the secrets file is unsafe.
    func probeContext(_ pipeline: Pipeline, _ env: Environment, artifact: Artifact? = nil,
                      secrets given: [String: String]? = nil, reading: Bool = true) throws(EngineError) -> ProbeContext {
        var artifact = artifact
        if artifact == nil, let current = try engineCall({ try store.currentDeployment(pipeline: pipeline.name, environment: env.name) }) {
            artifact = try engineCall { try store.artifact(pipeline: pipeline.name, tag: current.artifactTag) }
        }
        let secrets: [String: String]
        if let given { secrets = given } else { secrets = try availableSecrets(pipeline, env) }
        let templates = (pipeline.parity?.facts.map(\.run) ?? []) + [pipeline.parity?.running].compactMap { $0 }
        var needed: [String] = []
        for template in templates {
            for case let .secret(name) in template.references where secrets[name] == nil && !needed.contains(name) { needed.append(name) }
        }
        if reading && !needed.isEmpty {
            throw .configuration("parity facts of \(env.name) need secret\(needed.count == 1 ? "" : "s") without a value: "
                + needed.joined(separator: ", ") + " (set GANTRY_SECRET_\(SecretResolver.variableComponent(env.name))_\(needed[0]) "
                + "or GANTRY_SECRET_\(needed[0]))")
        }
        return ProbeContext(environment: env, artifact: artifact, secrets: secrets)
    }

    /// The secrets of `env` that have a value; names without one are left out, not an error.
    func availableSecrets(_ pipeline: Pipeline, _ env: Environment) throws(EngineError) -> [String: String] {
        do {
            return try secrets.resolve(pipeline.secrets, for: env.name)
        } catch let SecretError.missing(_, names, _, _) {
            do {
                return try secrets.resolve(pipeline.secrets.filter { !names.contains($0) }, for: env.name)
            } catch {
                throw .configuration(error.description)
            }
        } catch {
            throw .configuration(error.description)
        }
    }

    /// Reads the facts (and `running`, when asked) on the targets' hosts, every environment and
    /// host at once, at most `ssh.parallel` hosts together.
    ///
    /// - Returns: per environment, per host, `running` first (named `running`) when asked, then the facts in order.
    func readProbes(_ pipeline: Pipeline, _ targets: [ProbeTarget],
                    contexts: [String: ProbeContext]) async -> [String: [String: [FactValue]]] {
        let facts = pipeline.parity?.facts ?? []
        var probes: [FactCollector.Probe] = []
        // Per probe, each template's value: read (the index of its command in the probe) or not rendered.
        var slots: [String: [(name: String, read: Int?, failed: FactValue?)]] = [:]
        var owners: [String: (environment: String, host: String)] = [:]
        for target in targets {
            guard let context = contexts[target.environment.name] else { continue }
            var templates = facts.map { ($0.name, $0.run) }
            if target.running, let running = pipeline.parity?.running { templates.insert(("running", running), at: 0) }
            for host in target.hosts {
                let id = "\(probes.count)"
                var values = pipeline.renderContext(for: target.environment, host: host)
                if let artifact = context.artifact { ArtifactContext.fill(&values, artifact: artifact, secrets: context.secrets) }
                values.setSecrets(context.secrets)
                var commands: [(name: String, command: RemoteCommand)] = []
                let timeout = pipeline.ssh.commandTimeout ?? Self.probeTimeout
                for (name, template) in templates {
                    do {
                        // As for steps: secret values travel on stdin, never in the command text.
                        let rendered = try template.renderRemoteCommand(values)
                        let variables = rendered.secrets.compactMap { secret in
                            values[.secret(secret)].map { ShellVariable(name: Template.secretVariable(secret), value: $0) }
                        }
                        commands.append((name, RemoteCommand(rendered.command, variables: variables, timeout: timeout)))
                        slots[id, default: []].append((name, commands.count - 1, nil))
                    } catch {
                        let why = "not rendered: \(error) (\(target.environment.name) runs \(context.artifact?.tag ?? "nothing"))"
                        slots[id, default: []].append((name, nil, FactValue(name: name, host: host.name, notRendered: why)))
                    }
                }
                owners[id] = (target.environment.name, host.name)
                probes.append(FactCollector.Probe(id: id, host: host.name, commands: commands))
            }
        }
        let provider = connect(pipeline)
        let collector = FactCollector(provider: provider, parallel: pipeline.ssh.parallel,
                                      secrets: contexts.values.flatMap { $0.secrets.values })
        let outputs = await collector.collect(probes)
        await provider.closeAll()

        var result: [String: [String: [FactValue]]] = [:]
        for probe in probes {
            guard let owner = owners[probe.id] else { continue }
            let raw = outputs[probe.id] ?? []
            result[owner.environment, default: [:]][owner.host] = (slots[probe.id] ?? []).map { slot in
                if let failed = slot.failed { return failed }
                guard let index = slot.read, index < raw.count else {
                    return FactValue(name: slot.name, host: probe.host, notRendered: "not read")
                }
                return FactValue(name: slot.name, host: probe.host, output: raw[index])
            }
        }
        return result
    }

    /// A snapshot of `env` from its context and the facts read on its first host.
    func snapshot(_ pipeline: Pipeline, _ context: ProbeContext, facts: [FactValue], host: String?) throws(EngineError) -> EnvironmentSnapshot {
        let env = context.environment
        let ledger = try engineCall { try store.migrationLedger(pipeline: pipeline.name, environment: env.name) }
            .sorted { NaturalOrder.less($0.name, $1.name) }
        return EnvironmentSnapshot(
            environment: env.name, artifact: context.artifact?.tag, host: host,
            vars: pipeline.effectiveVars(of: env).map { .init(name: $0.name, value: $0.value) },
            secrets: pipeline.secrets.filter { context.secrets[$0] != nil },
            ledger: ledger.map { .init(name: $0.name, checksum: $0.checksum) },
            facts: facts,
            takenAt: clock.now())
    }

    /// History rows for facts just read.
    func observations(_ readings: [String: [String: [FactValue]]], source: FactObservation.Source) -> [FactObservation] {
        let now = clock.now()
        return readings.sorted { $0.key < $1.key }.flatMap { env, hosts in
            hosts.sorted { $0.key < $1.key }.flatMap { host, values in
                values.map {
                    FactObservation(environment: env, host: host, fact: $0.name, digest: $0.digest,
                                    output: $0.succeeded ? $0.output : $0.display, exitStatus: $0.exitStatus,
                                    source: source, observedAt: now)
                }
            }
        }
    }
}
