/// Lookups the engine needs: hosts of an environment, effective vars, the promotion path.
extension Pipeline {
    /// The environment named `name`.
    public func environment(named name: String) throws(GantryModelError) -> Environment {
        guard let environment = environments.first(where: { $0.name == name }) else {
            throw .unknownEnvironment(pipeline: self.name, name: name, known: environments.map(\.name))
        }
        return environment
    }

    /// The host named `name`, if declared.
    public func host(named name: String) -> Host? { hosts.first { $0.name == name } }

    /// The environment's hosts: groups expanded in place, in order, each host once.
    public func hosts(of environment: Environment) -> [Host] {
        var seen = Set<String>()
        var result: [Host] = []
        for name in environment.hostNames {
            let members = groups.first(where: { $0.name == name })?.members ?? [name]
            for member in members where seen.insert(member).inserted {
                if let host = host(named: member) { result.append(host) }
            }
        }
        return result
    }

    /// The hosts of `environment` named by `selection` (host or group names), in the
    /// environment's order; every host when `selection` is nil.
    ///
    /// - Throws: `GantryModelError.unknownHost` for a name that is no host or group of the
    ///   pipeline, or a host that is not in the environment.
    public func hosts(of environment: Environment, limitedTo selection: [String]?) throws(GantryModelError) -> [Host] {
        let all = hosts(of: environment)
        guard let selection else { return all }
        var wanted = Set<String>()
        for name in selection {
            if let group = groups.first(where: { $0.name == name }) {
                wanted.formUnion(group.members)
            } else if host(named: name) != nil {
                wanted.insert(name)
            } else {
                throw .unknownHost(name: name, environment: environment.name, known: all.map(\.name))
            }
        }
        if let outside = wanted.first(where: { member in !all.contains { $0.name == member } }) {
            throw .unknownHost(name: outside, environment: environment.name, known: all.map(\.name))
        }
        return all.filter { wanted.contains($0.name) }
    }

    /// Top-level vars overridden by the environment's own, top-level order first.
    public func effectiveVars(of environment: Environment) -> [Variable] {
        var result = vars
        for variable in environment.vars {
            if let index = result.firstIndex(where: { $0.name == variable.name }) {
                result[index] = variable
            } else {
                result.append(variable)
            }
        }
        return result
    }

    /// Environments without `from:`, where artifacts enter (`gantry deploy`).
    public var entryEnvironments: [Environment] { environments.filter { $0.from == nil } }

    /// The environment whose secrets and vars serve what belongs to the whole pipeline rather
    /// than to one environment (a build, the webhook secret, the server's token): the first
    /// entry environment, where a push lands.
    public var firstEntryEnvironment: Environment? { entryEnvironments.first ?? environments.first }

    /// The environments an artifact passes through to reach `environment`, entry first, ending with it.
    public func promotionPath(to environment: Environment) -> [Environment] {
        var path = [environment]
        var current = environment
        while let from = current.from, let previous = environments.first(where: { $0.name == from }),
              !path.contains(where: { $0.name == previous.name }) {
            path.insert(previous, at: 0)
            current = previous
        }
        return path
    }

    /// Environments that promote from `environment`.
    public func successors(of environment: Environment) -> [Environment] {
        environments.filter { $0.from == environment.name }
    }

    /// A context holding what the pipeline itself knows for `environment` (and `host`):
    /// `env.name`, the effective vars, `host.name`, `host.address`.
    public func renderContext(for environment: Environment, host: Host? = nil,
                              missing: RenderContext.Missing = .fail) -> RenderContext {
        var context = RenderContext(missing: missing)
        context[.envName] = environment.name
        context.setVariables(effectiveVars(of: environment))
        if let host {
            context[.hostName] = host.name
            context[.hostAddress] = host.address
        }
        return context
    }
}
