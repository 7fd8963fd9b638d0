/// One step of a deployment, run on every host of the environment (or one, with `runOnce`).
public struct Step: Sendable {
    /// The step's name: `name:` or `step-N` / `rollback-N` by position.
    public var name: String
    public var action: StepAction
    /// Run on the first host only, before the others proceed.
    public var runOnce: Bool
    /// The migration step (at most one per pipeline).
    public var migration: Bool
    /// Extra attempts after a failure: up to `retries + 1` runs.
    public var retries: Int
    /// Seconds; nil = `ssh.command_timeout`.
    public var timeout: Double?
    public var location: SourceLocation
}

/// What a step does: exactly one of these.
public enum StepAction: Sendable {
    /// A shell command; interpolated values are shell-quoted.
    case run(Template)
    /// Render a configuration template and install it on the host.
    case file(FileAction)
    /// Copy the kept artifact file to the host.
    case upload(to: Template)
}

/// `file: {template, to, mode}`.
public struct FileAction: Sendable {
    /// The template path as written (relative to the project root).
    public var templatePath: String
    /// The template's parsed content, read at validation time.
    public var content: Template
    public var to: Template
    /// Octal permission text such as `0600`; nil keeps the remote default.
    public var mode: String?
}
