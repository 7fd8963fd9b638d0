import GantryGates

/// `parity:` — the running-artifact probe, facts and documented differences.
extension PipelineDecoder {
    func decodeParity(_ node: YNode?) -> ParitySettings? {
        guard let node, let map = context.mapping(node, keys: ["running", "facts", "allow"], in: "'parity'",
                                                  name: "parity") else { return nil }
        var facts: [ParityFact] = []
        if let factsNode = map["facts"] {
            if let pairs = factsNode.pairs {
                facts = pairs.compactMap(decodeFact)
            } else {
                context.typeError(factsNode, expected: "a mapping of fact names to commands", for: "facts")
            }
        }
        var allow: [ParityAllowance] = []
        if let allowNode = map["allow"] {
            if let items = allowNode.items {
                allow = items.compactMap(decodeAllowance)
            } else {
                context.typeError(allowNode, expected: "a list", for: "allow")
            }
        }
        let running = context.template(map["running"], "running")
        if let running, let at = map["running"] { checkProbeReferences(running, what: "'running'", at: at.location) }
        return ParitySettings(running: running, facts: facts, allow: allow)
    }

    private func decodeFact(_ pair: YPair) -> ParityFact? {
        if pair.value.scalar != nil {
            return context.template(pair.value, "facts.\(pair.key)").map {
                checkProbeReferences($0, what: "fact '\(pair.key)'", at: pair.value.location)
                return ParityFact(name: pair.key, run: $0, followsArtifact: false, location: pair.keyNode.location)
            }
        }
        guard let map = context.mapping(pair.value, keys: ["run", "follows"], in: "fact '\(pair.key)'",
                                        name: "facts.\(pair.key)") else { return nil }
        if let follows = context.string(map["follows"], "follows"), follows != "artifact", let at = map["follows"] {
            context.error("'follows' can only be 'artifact', found '\(follows)'", at: at.location)
        }
        guard let run = context.template(map["run"], "run") else {
            if map["run"] == nil { context.error("fact '\(pair.key)' needs 'run'", at: pair.value.location) }
            return nil
        }
        checkProbeReferences(run, what: "fact '\(pair.key)'", at: map["run"]?.location ?? pair.value.location)
        return ParityFact(name: pair.key, run: run, followsArtifact: map["follows"]?.scalar == "artifact",
                          location: pair.keyNode.location)
    }

    /// Facts and `running` are probes of what a host runs now: a deployment's own values mean nothing there.
    private func checkProbeReferences(_ template: Template, what: String, at location: SourceLocation) {
        for reference in template.references where reference == .previousTag || reference == .releaseID {
            context.error("\(what) cannot refer to '${\(reference)}' (it exists only while a deployment runs)", at: location)
        }
    }

    private func decodeAllowance(_ node: YNode) -> ParityAllowance? {
        guard let map = context.mapping(node, keys: ["fact", "var", "secret", "between", "reason", "impact",
                                                                     "owner", "expires"],
                                        in: "'parity.allow' entry", name: "allow entry") else { return nil }
        let subjects = ["fact", "var", "secret"].filter { map[$0] != nil }
        guard subjects.count == 1, let subjectNode = map[subjects[0]],
              let name = context.string(subjectNode, subjects[0]) else {
            if subjects.count != 1 {
                context.error("an 'allow' entry names exactly one of 'fact', 'var' or 'secret'", at: node.location)
            }
            return nil
        }
        let subject: ParityAllowance.Subject
        switch subjects[0] {
        case "fact":
            subject = .fact(name)
            if !names.facts.contains(name) {
                context.error("unknown fact '\(name)' in 'allow'" + Suggestion.hint(for: name, among: names.facts, listing: "facts"),
                              at: subjectNode.location)
            }
        case "var":
            subject = .variable(name)
            if !names.allVars.contains(name) {
                context.error("unknown var '\(name)' in 'allow'" + Suggestion.hint(for: name, among: names.allVars),
                              at: subjectNode.location)
            }
        default:
            subject = .secret(name)
            if !names.secrets.contains(name) {
                context.error("unknown secret '\(name)' in 'allow'" + Suggestion.hint(for: name, among: names.secrets),
                              at: subjectNode.location)
            }
        }
        var between: [String] = []
        if let list = context.stringList(map["between"], "between") {
            if list.count != 2, let at = map["between"] {
                context.error("'between' names exactly two environments, found \(list.count)", at: at.location)
            }
            for (environment, item) in list where !names.environments.contains(environment) {
                context.error("unknown environment '\(environment)' in 'between'"
                              + Suggestion.hint(for: environment, among: names.environments), at: item.location)
            }
            between = list.map(\.0)
            if list.count == 2, list[0].0 == list[1].0 {
                context.error("'between' names the same environment twice; a difference is between two", at: list[1].1.location)
            }
        } else if map["between"] == nil {
            context.error("an 'allow' entry needs 'between: [ENV_A, ENV_B]'", at: node.location)
        }
        for key in ["reason", "impact"] where map[key] == nil {
            context.error("an 'allow' entry needs '\(key)' (documented differences say why and what they affect)",
                          at: node.location)
        }
        var expires: LocalDateTime?
        if let text = context.string(map["expires"], "expires"), let at = map["expires"] {
            expires = LocalDateTimeText.parse(text)
            if expires == nil || text.count != 10 {
                context.error("'expires' must be a date YYYY-MM-DD, found '\(text)'", at: at.location)
                expires = nil
            }
        }
        return ParityAllowance(subject: subject, between: between, reason: context.string(map["reason"], "reason") ?? "",
                               impact: context.string(map["impact"], "impact") ?? "",
                               owner: context.string(map["owner"], "owner"), expires: expires, location: node.location)
    }
}
