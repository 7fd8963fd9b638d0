/// `hosts:` and `groups:`.
extension PipelineDecoder {
    func decodeHosts(_ node: YNode?) -> [Host] {
        guard let node else { return [] }
        guard let pairs = node.pairs else {
            context.typeError(node, expected: "a mapping of host names", for: "hosts")
            return []
        }
        return pairs.compactMap { pair in
            guard let map = context.mapping(pair.value, keys: ["address", "port", "user"],
                                            in: "host '\(pair.key)'", name: "hosts.\(pair.key)") else { return nil }
            if names.groups.contains(pair.key) {
                context.error("'\(pair.key)' is both a host and a group", at: pair.keyNode.location)
            }
            let address = context.string(map["address"], "address") ?? ""
            if map["address"] == nil {
                context.error("host '\(pair.key)' needs an 'address'", at: pair.keyNode.location)
            } else if address.allSatisfy({ $0 == " " }), let at = map["address"], !at.isNull {
                context.error("empty address for host '\(pair.key)'", at: at.location)
            }
            var port = 22
            if let value = context.int(map["port"], "port"), let at = map["port"] {
                if !(1...65535).contains(value) {
                    context.error("port \(value) is out of range 1-65535", at: at.location)
                }
                port = value
            }
            return Host(name: pair.key, address: address, port: port,
                        user: context.string(map["user"], "user"), location: pair.keyNode.location)
        }
    }

    func decodeGroups(_ node: YNode?) -> [HostGroup] {
        guard let node else { return [] }
        guard let pairs = node.pairs else {
            context.typeError(node, expected: "a mapping of group names to host lists", for: "groups")
            return []
        }
        return pairs.compactMap { pair in
            guard let members = context.stringList(pair.value, "groups.\(pair.key)") else { return nil }
            for (member, item) in members where !names.hosts.contains(member) {
                let extra = names.groups.contains(member) ? " (groups list hosts, not other groups)" : ""
                context.error("unknown host '\(member)' in group '\(pair.key)'" + extra
                              + Suggestion.hint(for: member, among: names.hosts), at: item.location)
            }
            return HostGroup(name: pair.key, members: members.map(\.0), location: pair.keyNode.location)
        }
    }

    /// An `upload:` step copies the artifact file, so the pipeline must declare one.
    func checkUploads(_ pipeline: Pipeline) {
        guard pipeline.artifact.file == nil else { return }
        for step in pipeline.steps + pipeline.rollback {
            if case .upload = step.action {
                context.error("step '\(step.name)' uploads the artifact file, but 'artifact.file' is not set",
                              at: step.location)
            }
        }
    }
}
