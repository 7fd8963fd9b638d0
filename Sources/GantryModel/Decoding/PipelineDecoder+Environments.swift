import GantryGates

/// `environments:` — each environment and its gates.
extension PipelineDecoder {
    static let environmentKeys = ["branch", "tags", "from", "entry", "hosts", "vars", "rollout", "approval", "windows",
                                  "parity", "schedule", "notify"]

    func decodeEnvironments(_ node: YNode?) -> [Environment] {
        guard let node else {
            context.error("missing 'environments' (a pipeline needs at least one)",
                          at: SourceLocation(file: file, line: 1, column: 1))
            return []
        }
        guard let pairs = node.pairs else {
            context.typeError(node, expected: "a mapping of environment names", for: "environments")
            return []
        }
        if pairs.isEmpty { context.error("'environments' is empty (a pipeline needs at least one)", at: node.location) }
        let environments = pairs.enumerated().compactMap { index, pair in
            decodeEnvironment(pair, previous: index > 0 ? pairs[index - 1].key : nil)
        }
        checkCycles(environments, pairs: pairs)
        return environments
    }

    private func decodeEnvironment(_ pair: YPair, previous: String?) -> Environment? {
        let what = "environment '\(pair.key)'"
        guard let map = context.mapping(pair.value, keys: Self.environmentKeys, in: what,
                                        name: "environments.\(pair.key)") else { return nil }
        let from = context.string(map["from"], "from")
        if let from, let at = map["from"] {
            if from == pair.key {
                context.error("environment '\(pair.key)' cannot come 'from' itself", at: at.location)
            } else if !names.environments.contains(from) {
                context.error("unknown environment '\(from)' in 'from'"
                              + Suggestion.hint(for: from, among: names.environments), at: at.location)
            }
        }
        var hostNames: [String] = []
        if let list = context.stringList(map["hosts"], "hosts") {
            for (name, item) in list {
                if names.hosts.contains(name) || names.groups.contains(name) {
                    hostNames.append(name)
                } else {
                    context.error("unknown host or group '\(name)' in \(what)"
                                  + Suggestion.hint(for: name, among: names.hosts + names.groups), at: item.location)
                }
            }
        } else if map["hosts"] == nil {
            context.error("\(what) needs 'hosts'", at: pair.keyNode.location)
        }
        checkEntry(pair, map: map, from: from, previous: previous)
        if let tags = context.string(map["tags"], "tags"), tags.isEmpty, let at = map["tags"] {
            context.error("'tags' must be a non-empty glob such as 'v*'", at: at.location)
        }
        return Environment(
            name: pair.key, branch: context.string(map["branch"], "branch"), tags: context.string(map["tags"], "tags"),
            from: from, hostNames: hostNames, vars: decodeVars(map["vars"], "vars"),
            rollout: decodeRollout(map["rollout"]), approval: decodeApproval(map["approval"]),
            windows: decodeWindows(map["windows"]), parity: decodeEnvironmentParity(map["parity"], environment: pair.key),
            schedules: decodeSchedules(map["schedule"], environment: pair.key, hasFrom: from != nil),
            location: pair.keyNode.location, notify: decodeNotify(map["notify"], in: pair.key))
    }

    /// An environment with gates but no `from:` must say `entry: true`: deleting a `from:` line
    /// must not quietly turn production into an environment anyone can deploy to directly.
    private func checkEntry(_ pair: YPair, map: NodeMap, from: String?, previous: String?) {
        let entry = context.bool(map["entry"], "entry")
        if entry == true, from != nil, let at = map["entry"] {
            context.error("environment '\(pair.key)' has 'from' and 'entry: true'; an entry environment has no 'from'",
                          at: at.location)
        }
        guard from == nil, entry != true else { return }
        let gates = [("approvals", map["approval"]), ("windows", map["windows"])].filter { $0.1 != nil }.map(\.0)
        guard !gates.isEmpty else { return }
        let fix = previous.map { "add 'from: \($0)' or 'entry: true'" } ?? "add 'entry: true'"
        context.error("\(pair.key) has \(gates.joined(separator: " and ")) but no 'from:'; \(fix)", at: pair.keyNode.location)
    }

    private func checkCycles(_ environments: [Environment], pairs: [YPair]) {
        let from = Dictionary(environments.map { ($0.name, $0.from) }, uniquingKeysWith: { first, _ in first })
        var reported = Set<String>()
        for environment in environments where !reported.contains(environment.name) {
            var chain = [environment.name]
            var current = environment.from
            while let next = current, from.keys.contains(next), next != environment.name, !chain.contains(next) {
                chain.append(next)
                current = from[next] ?? nil
            }
            guard current == environment.name, chain.count > 1 else { continue }
            reported.formUnion(chain)
            let at = pairs.first(where: { $0.key == environment.name })?.value["from"]?.location ?? environment.location
            context.error("'from' cycle: " + (chain + [environment.name]).map { "'\($0)'" }.joined(separator: " → ")
                          + " (an entry environment has no 'from')", at: at)
        }
    }

    private func decodeRollout(_ node: YNode?) -> Rollout {
        guard let node, let map = context.mapping(node, keys: ["batch", "halt_on_failure"], in: "'rollout'",
                                                  name: "rollout") else { return Rollout() }
        var rollout = Rollout(batch: .all, haltOnFailure: context.bool(map["halt_on_failure"], "halt_on_failure") ?? true)
        guard let batch = map["batch"] else { return rollout }
        if case .scalar(let text, true) = batch.kind, let count = Int(text) {
            if count < 1 { context.error("'batch' must be at least 1, found \(count)", at: batch.location) }
            rollout.batch = .count(max(count, 1))
        } else if let text = batch.scalar, text.hasSuffix("%") {
            let number = Int(text.dropLast())
            if let number, (1...100).contains(number) {
                rollout.batch = .percent(number)
            } else {
                context.error("'batch' percentage must be 1% to 100%, found '\(text)'", at: batch.location)
            }
        } else {
            context.typeError(batch, expected: "a number of hosts or a percentage like \"25%\"", for: "batch")
        }
        return rollout
    }

    private func decodeApproval(_ node: YNode?) -> ApprovalPolicy? {
        guard let node, let map = context.mapping(node, keys: ["required", "approvers", "self_approval", "expires"],
                                                  in: "'approval'", name: "approval") else { return nil }
        let required = context.int(map["required"], "required") ?? 1
        let approvers = context.stringList(map["approvers"], "approvers") ?? []
        let distinct = Set(approvers.map(\.0))
        if required < 1 {
            context.error("'required' must be at least 1, found \(required)", at: map["required"]?.location ?? node.location)
        } else if !distinct.isEmpty, required > distinct.count {
            context.error("approval quorum cannot be met: \(required) approvals required but only \(distinct.count) approvers listed",
                          at: map["required"]?.location ?? node.location)
        }
        return ApprovalPolicy(required: required, approvers: approvers.map(\.0),
                              selfApproval: context.bool(map["self_approval"], "self_approval") ?? false,
                              expires: context.duration(map["expires"], "expires"))
    }

    private func decodeEnvironmentParity(_ node: YNode?, environment: String) -> EnvironmentParity? {
        guard let node, let map = context.mapping(node, keys: ["with", "block"], in: "'parity' of '\(environment)'",
                                                  name: "parity") else { return nil }
        guard let with = context.string(map["with"], "with"), let at = map["with"] else {
            if map["with"] == nil { context.error("'parity' needs 'with' (the environment to compare)", at: node.location) }
            return nil
        }
        if !names.environments.contains(with) {
            context.error("unknown environment '\(with)' in 'parity.with'"
                          + Suggestion.hint(for: with, among: names.environments), at: at.location)
        } else if with == environment {
            context.error("environment '\(environment)' cannot be compared with itself", at: at.location)
        }
        return EnvironmentParity(with: with, block: context.bool(map["block"], "block") ?? false)
    }

    private func decodeSchedules(_ node: YNode?, environment: String, hasFrom: Bool) -> [Schedule] {
        guard let node else { return [] }
        guard let items = node.items else {
            context.typeError(node, expected: "a list of {cron: …} entries", for: "schedule")
            return []
        }
        if !hasFrom, !items.isEmpty {
            context.error("'schedule' in environment '\(environment)' needs 'from': a scheduled promotion promotes "
                          + "what 'from' runs", at: node.location)
            return []
        }
        var seen: [String: SourceLocation] = [:]
        return items.compactMap { item -> Schedule? in
            guard let map = context.mapping(item, keys: ["cron", "on_closed_window", "missed"], in: "'schedule'",
                                            name: "schedule entry"),
                  let text = context.string(map["cron"], "cron"), let at = map["cron"] else {
                if item.pairs != nil, item["cron"] == nil { context.error("schedule entry needs 'cron'", at: item.location) }
                return nil
            }
            let cron: CronExpression
            do {
                cron = try CronExpression(text)
            } catch {
                context.error("bad cron '\(text)': \(error)", at: at.location)
                return nil
            }
            if let first = seen[text] {
                context.error("schedule '\(text)' is listed twice in environment '\(environment)' (first at line "
                              + "\(first.line)); a pipeline schedule is identified by its cron", at: at.location)
                return nil
            }
            seen[text] = at.location
            let closed = choice(map["on_closed_window"], "on_closed_window", SchedulePolicy.ClosedWindow.self)
            let missed = choice(map["missed"], "missed", SchedulePolicy.Missed.self)
            return Schedule(cron: cron, policy: SchedulePolicy(onClosedWindow: closed ?? .skip, missed: missed ?? .latest),
                            location: at.location)
        }
    }

    /// One of an enum's raw values; anything else is an error with a hint.
    private func choice<T: RawRepresentable & CaseIterable>(_ node: YNode?, _ name: String,
                                                            _ type: T.Type) -> T? where T.RawValue == String {
        guard let text = context.string(node, name), let node else { return nil }
        if let value = T(rawValue: text) { return value }
        let names = T.allCases.map(\.rawValue)
        context.error("'\(name)' must be " + names.map { "'\($0)'" }.joined(separator: " or ") + ", found '\(text)'"
                      + Suggestion.hint(for: text, among: names), at: node.location)
        return nil
    }
}
