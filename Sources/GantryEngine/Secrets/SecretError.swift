import GantryShell

/// Why the secrets of an environment could not be resolved.
public enum SecretError: SeverityCarrying, Equatable {
    /// Missing or unusable secrets are configuration errors: nothing ran.
    public var severity: Severity { .usage }

    /// Names without a value, all of them at once; `empty` maps the names whose value is empty
    /// to where that empty value was found (a variable or the secrets file).
    case missing(environment: String, names: [String], file: String, empty: [String: String] = [:])
    /// The secrets file grants permissions to group or others.
    case insecureFile(path: String, mode: String)
    case unreadable(path: String, reason: String)
    case malformedFile(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .missing(env, names, file, empty):
            let list = names.joined(separator: ", ")
            let example = names.first.map { "GANTRY_SECRET_\(SecretResolver.variableComponent(env))_\($0)" } ?? ""
            let what = empty.isEmpty ? "missing" : empty.count == names.count ? "empty" : "missing or empty"
            let emptyNote = names.compactMap { name in empty[name].map { "\(name) is empty in \($0)" } }
            return "\(what) secret\(names.count == 1 ? "" : "s") for environment '\(env)': \(list) "
                + (emptyNote.isEmpty ? "" : "(\(emptyNote.joined(separator: "; ")); an empty secret is an error) ")
                + "(set \(example) or GANTRY_SECRET_<NAME>, or add them to \(file))"
        case let .insecureFile(path, mode):
            return "refusing secrets file \(path): mode \(mode) lets group or others read it (run: chmod 600 \(path))"
        case let .unreadable(path, reason):
            return "cannot read secrets file \(path): \(reason)"
        case let .malformedFile(path, line, reason):
            return "\(path):\(line): \(reason)"
        }
    }
}
