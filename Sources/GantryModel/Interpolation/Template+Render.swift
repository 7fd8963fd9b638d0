import GantryShell
/// Rendering: pure functions from a template and a context to text.
extension Template {
    /// The command a host runs: every interpolated value shell-quoted, `raw:` vars as is.
    ///
    /// With `context.secretVariablePrefix`, secrets become double-quoted references to shell
    /// variables (one word, exactly the value, as quoting would give) and need no value here.
    ///
    /// - Parameter context: The values; missing ones fail or become placeholders per `context.missing`.
    public func renderCommand(_ context: RenderContext) throws(GantryModelError) -> String {
        guard let prefix = context.secretVariablePrefix else {
            return try render(context) { _, value, raw in raw ? value : ShellQuote.quote(value) }
        }
        var named = context
        for case let .secret(name) in references { named.values[.secret(name)] = "\"${\(prefix)\(name)}\"" }
        return try render(named) { reference, value, raw in
            if case .secret = reference { return value }
            return raw ? value : ShellQuote.quote(value)
        }
    }

    /// A command for a remote shell whose secret values never appear in any process's argv.
    ///
    /// Every `${secrets.NAME}` becomes `"${__gantry_secret_NAME}"`, a reference to a shell
    /// variable the remote shell sets from stdin before the command runs (see GantrySSH's remote
    /// script); other values are shell-quoted as in ``renderCommand(_:)``.
    ///
    /// - Returns: the command and the secret names it needs, in order of first use.
    public func renderRemoteCommand(_ context: RenderContext) throws(GantryModelError) -> (command: String, secrets: [String]) {
        var named = context
        named.secretVariablePrefix = Self.remoteSecretPrefix
        var names: [String] = []
        for case let .secret(name) in references where !names.contains(name) { names.append(name) }
        return (try renderCommand(named), names)
    }

    /// The prefix of the remote shell variables that hold secrets while a command runs.
    public static let remoteSecretPrefix = "__gantry_secret_"

    /// The remote shell variable that holds secret `name` while a command runs.
    public static func secretVariable(_ name: String) -> String { remoteSecretPrefix + name }

    /// A configuration file's content: values inserted unquoted (a file is not a command).
    public func renderFile(_ context: RenderContext) throws(GantryModelError) -> String {
        try render(context) { _, value, _ in value }
    }

    /// What output, logs and the store may show: every secret as `***`, absent or not.
    ///
    /// - Parameters:
    ///   - context: The values.
    ///   - quoted: Quote values as `renderCommand` does (true for commands, false for files).
    public func renderDisplay(_ context: RenderContext, quoted: Bool = true) throws(GantryModelError) -> String {
        var masked = context
        for reference in references {
            if case .secret = reference { masked.values[reference] = "***" }
        }
        return try render(masked) { reference, value, raw in
            if case .secret = reference { return value }
            return raw || !quoted ? value : ShellQuote.quote(value)
        }
    }

    private func render(_ context: RenderContext,
                        insert: (Reference, String, Bool) -> String) throws(GantryModelError) -> String {
        var output = ""
        for segment in segments {
            switch segment {
            case .literal(let text):
                output += text
            case .reference(let reference, let raw):
                if let value = context.values[reference] {
                    output += insert(reference, value, raw)
                } else if context.missing == .placeholder && !context.withoutValue.contains(reference) {
                    output += "<\(reference)>"
                } else {
                    throw .missingValue(reference: reference.description, location: location)
                }
            }
        }
        return output
    }
}
