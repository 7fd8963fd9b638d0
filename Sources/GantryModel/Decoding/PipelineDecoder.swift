import Foundation

/// Decodes a composed, include-merged pipeline tree into a `Pipeline`, checking every rule.
///
/// Decoding and cross-reference checks happen in one pass over nodes (which still hold their
/// positions), so each finding points at the exact value that caused it.
struct PipelineDecoder {
    static let topKeys = ["version", "name", "include", "repository", "artifact", "hosts", "groups", "ssh", "vars",
                          "secrets", "environments", "steps", "rollback", "releases", "migrations", "parity", "notify",
                          "webhook", "serve"]

    let root: YNode
    let file: String
    let projectRoot: String
    let defaultName: String
    let context = DecodeContext()
    let names: KnownNames

    init(root: YNode, file: String, projectRoot: String, defaultName: String) {
        self.root = root
        self.file = file
        self.projectRoot = projectRoot
        self.defaultName = defaultName
        names = KnownNames(root: root)
        context.referenceCheck = { [names] in names.problem(with: $0) }
    }

    /// The files decoding has read so far (file templates); the include resolver knows the rest.
    var filesRead: [SourceFile] { context.filesRead }

    /// The pipeline and every finding; the pipeline is usable only when the findings are empty.
    func decode() -> (pipeline: Pipeline?, diagnostics: [Diagnostic]) {
        guard let top = context.mapping(root, keys: Self.topKeys, in: nil, name: "pipeline") else {
            return (nil, context.diagnostics)
        }
        let version = decodeVersion(top["version"])
        let name = context.string(top["name"], "name") ?? defaultName
        let hosts = decodeHosts(top["hosts"])
        let groups = decodeGroups(top["groups"])
        let vars = decodeVars(top["vars"], "vars")
        let secrets = decodeSecrets(top["secrets"])
        let environments = decodeEnvironments(top["environments"])
        let steps = decodeSteps(top["steps"], name: "steps", rollback: false)
        let rollback = decodeSteps(top["rollback"], name: "rollback", rollback: true)
        let pipeline = Pipeline(
            name: name, file: file, version: version, repository: decodeRepository(top["repository"]),
            artifact: decodeArtifact(top["artifact"]), hosts: hosts, groups: groups, ssh: decodeSSH(top["ssh"]),
            vars: vars, secrets: secrets, environments: environments, steps: steps, rollback: rollback,
            migrations: decodeMigrations(top["migrations"]), parity: decodeParity(top["parity"]),
            projectRoot: projectRoot, releases: decodeReleases(top["releases"]), notify: decodeNotify(top["notify"], in: nil),
            webhook: decodeWebhook(top["webhook"], secrets: secrets), serve: decodeServe(top["serve"], secrets: secrets))
        checkUploads(pipeline)
        let sorted = context.diagnostics.sorted {
            ($0.location.file, $0.location.line, $0.location.column) < ($1.location.file, $1.location.line, $1.location.column)
        }
        return (sorted.isEmpty ? pipeline : nil, sorted)
    }

    private func decodeVersion(_ node: YNode?) -> Int {
        guard let node else {
            context.error("missing 'version' (supported version: \(GantryModelInfo.supportedVersion))",
                          at: SourceLocation(file: file, line: 1, column: 1))
            return GantryModelInfo.supportedVersion
        }
        guard let version = context.int(node, "version") else { return GantryModelInfo.supportedVersion }
        if version != GantryModelInfo.supportedVersion {
            context.error("unsupported version \(version) (supported version: \(GantryModelInfo.supportedVersion))",
                          at: node.location)
        }
        return version
    }

    private func decodeRepository(_ node: YNode?) -> String? {
        guard let text = context.string(node, "repository"), let node else { return nil }
        let path = PathText.resolve(PathText.expandingTilde(text), against: projectRoot)
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) || !isDirectory.boolValue {
            context.error("repository '\(text)' does not exist (looked for \(path))", at: node.location)
        }
        return path
    }

    private func decodeArtifact(_ node: YNode?) -> ArtifactSpec {
        let defaultTag = Template(source: "${git.short_sha}", segments: [.reference(.gitShortSHA, raw: false)],
                                  location: node?.location ?? SourceLocation(file: file, line: 1, column: 1))
        guard let node, let map = context.mapping(node, keys: ["tag", "build", "digest", "file"], in: "'artifact'",
                                                  name: "artifact") else {
            return ArtifactSpec(tag: defaultTag, build: nil, digest: nil, file: nil)
        }
        let tag = context.template(map["tag"], "tag")
        for reference in tag?.references ?? [] where reference == .artifactTag || reference == .artifactDigest {
            context.error("'artifact.tag' cannot refer to '${\(reference)}' (it is what defines it)",
                          at: map["tag"]?.location ?? node.location)
        }
        if let file = map["file"], map["digest"] != nil {
            context.error("'artifact.file' and 'artifact.digest' exclude each other (a file's digest is its SHA-256)",
                          at: file.location)
        }
        return ArtifactSpec(tag: tag ?? defaultTag, build: context.template(map["build"], "build"),
                            digest: context.template(map["digest"], "digest"),
                            file: context.string(map["file"], "file"))
    }

    private func decodeSSH(_ node: YNode?) -> SSHSettings {
        var settings = SSHSettings(identity: nil, knownHosts: nil, connectTimeout: 10, commandTimeout: nil, parallel: 10)
        guard let node, let map = context.mapping(
            node, keys: ["identity", "known_hosts", "connect_timeout", "command_timeout", "parallel"],
            in: "'ssh'", name: "ssh") else { return settings }
        settings.identity = context.string(map["identity"], "identity")
        settings.knownHosts = context.string(map["known_hosts"], "known_hosts")
        settings.connectTimeout = context.duration(map["connect_timeout"], "connect_timeout") ?? 10
        settings.commandTimeout = context.boundedDuration(map["command_timeout"], "command_timeout")
        if let parallel = context.int(map["parallel"], "parallel") {
            if parallel < 1, let at = map["parallel"] {
                context.error("'parallel' must be at least 1, found \(parallel)", at: at.location)
            }
            settings.parallel = max(parallel, 1)
        }
        return settings
    }

    func decodeVars(_ node: YNode?, _ name: String) -> [Variable] {
        guard let node else { return [] }
        guard let pairs = node.pairs else {
            context.typeError(node, expected: "a mapping of names to values", for: name)
            return []
        }
        return pairs.compactMap { pair in
            if !Reference.isName(Substring(pair.key)) {
                context.error("var name '\(pair.key)' must be letters, digits and '_' (not starting with a digit)",
                              at: pair.keyNode.location)
            }
            guard let value = pair.value.scalar, !pair.value.isNull else {
                context.typeError(pair.value, expected: "a string", for: "\(name).\(pair.key)")
                return nil
            }
            return Variable(name: pair.key, value: value, location: pair.value.location)
        }
    }

    private func decodeSecrets(_ node: YNode?) -> [String] {
        guard let list = context.stringList(node, "secrets") else { return [] }
        var seen = Set<String>()
        for (name, item) in list {
            if !Reference.isName(Substring(name)) {
                context.error("secret name '\(name)' must be letters, digits and '_' (not starting with a digit)",
                              at: item.location)
            }
            if !seen.insert(name).inserted { context.error("duplicate secret '\(name)'", at: item.location) }
        }
        return list.map(\.0)
    }

    private func decodeMigrations(_ node: YNode?) -> MigrationSettings? {
        guard let node, let map = context.mapping(node, keys: ["path", "out_of_order"], in: "'migrations'",
                                                  name: "migrations") else { return nil }
        guard let path = context.string(map["path"], "path") else {
            if map["path"] == nil { context.error("'migrations' needs a 'path'", at: node.location) }
            return nil
        }
        var allow = false
        if let order = context.string(map["out_of_order"], "out_of_order"), let at = map["out_of_order"] {
            switch order {
            case "allow": allow = true
            case "refuse": allow = false
            default: context.error("'out_of_order' must be 'allow' or 'refuse', found '\(order)'", at: at.location)
            }
        }
        return MigrationSettings(path: path, allowOutOfOrder: allow)
    }
}
