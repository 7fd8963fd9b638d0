import Foundation

/// `steps:` and `rollback:`.
extension PipelineDecoder {
    static let actionKeys = ["run", "file", "upload"]

    func decodeSteps(_ node: YNode?, name listName: String, rollback: Bool) -> [Step] {
        guard let node else { return [] }
        guard let items = node.items else {
            context.typeError(node, expected: "a list of steps", for: listName)
            return []
        }
        let keys = ["name", "run", "file", "upload", "run_once", "retries", "retry_delay", "retry_backoff", "timeout"] + (rollback ? [] : ["migration"])
        var seenNames: [String: SourceLocation] = [:]
        var migrationAt: SourceLocation?
        var steps: [Step] = []
        for (index, item) in items.enumerated() {
            guard let map = context.mapping(item, keys: keys, in: "\(rollback ? "rollback " : "")step \(index + 1)",
                                            name: "\(listName) entry") else { continue }
            let name = context.string(map["name"], "name") ?? "\(rollback ? "rollback" : "step")-\(index + 1)"
            if let first = seenNames[name], let at = map["name"] {
                context.error("duplicate step name '\(name)' (first used at line \(first.line))", at: at.location)
            }
            seenNames[name] = seenNames[name] ?? map["name"]?.location ?? item.location
            let migration = context.bool(map["migration"], "migration") ?? false
            if migration, let at = map["migration"] {
                if let first = migrationAt {
                    context.error("only one step may be 'migration: true' (another is at line \(first.line))", at: at.location)
                }
                migrationAt = migrationAt ?? at.location
            }
            var retries = context.int(map["retries"], "retries") ?? 0
            if !(0...Limits.retries).contains(retries), let at = map["retries"] {
                context.error("'retries' must be between 0 and \(Limits.retries), found \(retries)", at: at.location)
                retries = 0
            }
            var retry = RetryPolicy()
            if let delay = map["retry_delay"] {
                if let seconds = context.duration(delay, "retry_delay") {
                    if seconds > Limits.longestRetryDelay {
                        context.error("'retry_delay' must be at most \(DurationText.describe(Limits.longestRetryDelay)), "
                                      + "found \(DurationText.describe(seconds))", at: delay.location)
                    } else {
                        retry.delay = seconds
                    }
                }
            }
            if let factor = map["retry_backoff"], let value = context.number(factor, "retry_backoff") {
                if (1...Limits.retryBackoff).contains(value) {
                    retry.backoff = value
                } else {
                    context.error("'retry_backoff' must be between 1 and \(Int(Limits.retryBackoff)), found \(factor.scalar ?? "")",
                                  at: factor.location)
                }
            }
            guard let action = decodeAction(map, step: name, at: item.location) else { continue }
            // The migration step runs once per deployment, on one host, like `run_once`.
            let runOnce = context.bool(map["run_once"], "run_once")
            if migration, runOnce == false, let at = map["run_once"] {
                context.error("a 'migration: true' step runs on one host only; remove 'run_once: false'", at: at.location)
            }
            steps.append(Step(name: name, action: action, runOnce: (runOnce ?? false) || migration,
                              migration: migration, retries: retries, retry: retry,
                              timeout: context.boundedDuration(map["timeout"], "timeout"), location: item.location))
        }
        return steps
    }

    private func decodeAction(_ map: NodeMap, step: String, at location: SourceLocation) -> StepAction? {
        let present = Self.actionKeys.filter { map[$0] != nil }
        guard present.count == 1 else {
            if present.isEmpty {
                context.error("step '\(step)' has no action (give one of 'run', 'file', 'upload')", at: location)
            } else {
                let second = map[present[1]]?.location ?? location
                context.error("step '\(step)' has more than one action ("
                              + present.map { "'\($0)'" }.joined(separator: ", ") + "); split it into steps", at: second)
            }
            return nil
        }
        switch present[0] {
        case "run":
            return context.template(map["run"], "run").map(StepAction.run)
        case "upload":
            guard let node = map["upload"], let upload = context.mapping(node, keys: ["to"], in: "'upload'", name: "upload")
            else { return nil }
            guard let to = context.template(upload["to"], "to") else {
                if upload["to"] == nil { context.error("'upload' needs 'to' (the remote path)", at: node.location) }
                return nil
            }
            return .upload(to: to)
        default:
            return map["file"].flatMap(decodeFile).map(StepAction.file)
        }
    }

    private func decodeFile(_ node: YNode) -> FileAction? {
        guard let map = context.mapping(node, keys: ["template", "to", "mode"], in: "'file'", name: "file") else {
            return nil
        }
        for key in ["template", "to"] where map[key] == nil {
            context.error("'file' needs '\(key)'", at: node.location)
        }
        var mode = context.string(map["mode"], "mode")
        if let text = mode, let at = map["mode"] {
            let valid = (3...4).contains(text.count) && text.allSatisfy { ("0"..."7").contains($0) }
            if !valid {
                context.error("bad file mode '\(text)' (use octal such as \"0600\" or \"0644\")", at: at.location)
                mode = nil
            }
        }
        guard let path = context.string(map["template"], "template"), let at = map["template"],
              let to = context.template(map["to"], "to") else { return nil }
        guard let content = readTemplate(path, at: at.location) else { return nil }
        return FileAction(templatePath: path, content: content, to: to, mode: mode)
    }

    /// Reads and checks a `file:` template; its references are reported at their own lines.
    private func readTemplate(_ path: String, at location: SourceLocation) -> Template? {
        let full = PathText.join(projectRoot, path)
        let data = FileManager.default.contents(atPath: full)
        context.noteRead(full, contents: data)
        guard let data else {
            context.error("template file '\(path)' not found (looked for \(full))", at: location)
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            context.error("template file '\(path)' is not UTF-8 text", at: location)
            return nil
        }
        let lines = TextPositions(text)
        return context.template(text, at: SourceLocation(file: full, line: 1, column: 1)) {
            let (line, column) = lines.position(ofCharacter: $0)
            return SourceLocation(file: full, line: line, column: column)
        }
    }
}
