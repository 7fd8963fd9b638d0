/// `releases: { path, keep }`.
extension PipelineDecoder {
    func decodeReleases(_ node: YNode?) -> ReleaseSettings? {
        guard let node, let map = context.mapping(node, keys: ["path", "keep"], in: "'releases'", name: "releases") else {
            return nil
        }
        var keep = ReleaseSettings.defaultKeep
        if let keepNode = map["keep"], let value = context.int(keepNode, "keep") {
            if (1...ReleaseSettings.mostKept).contains(value) {
                keep = value
            } else {
                context.error("'keep' must be between 1 and \(ReleaseSettings.mostKept), found \(value)", at: keepNode.location)
            }
        }
        guard let pathNode = map["path"] else {
            context.error("'releases' needs a 'path': the folder that holds one folder per release", at: node.location)
            return nil
        }
        guard let path = context.template(pathNode, "path") else { return nil }
        for reference in path.references {
            switch reference {
            case .variable, .envName, .hostName, .hostAddress:
                continue
            default:
                context.error("'releases.path' may refer only to vars, env.name, host.name and host.address, not '${\(reference)}' "
                              + "(it names one folder for every release)", at: pathNode.location)
            }
        }
        switch path.segments.first {
        case .literal(let text)?:
            if !text.hasPrefix("/") {
                context.error("'releases.path' must be an absolute path (starting with '/'), found '\(path.source)'",
                              at: pathNode.location)
            } else if path.segments.count == 1, PathText.normalize(text) == "/" {
                context.error("'releases.path' cannot be '/': name the folder that holds the release folders", at: pathNode.location)
            }
        case .reference(.variable, _)?:
            break   // the value must be absolute; checked when the path is rendered
        default:
            context.error("'releases.path' must be an absolute path (starting with '/' or with a var), found '\(path.source)'",
                          at: pathNode.location)
        }
        return ReleaseSettings(path: path, keep: keep, location: node.location)
    }
}
