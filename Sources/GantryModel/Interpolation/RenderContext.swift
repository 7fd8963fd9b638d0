/// The values `${…}` references resolve to for one rendering (one environment, one host).
///
/// The engine fills it as it learns values (the artifact at promotion, the host per host);
/// `plan` leaves unknown ones out and asks for placeholders instead.
public struct RenderContext: Sendable {
    /// What to do with a reference that has no value.
    public enum Missing: Sendable {
        /// Rendering fails with `GantryModelError.missingValue` (real runs).
        case fail
        /// Insert `<artifact.tag>`-style placeholders, unquoted (plans, previews).
        case placeholder
    }

    /// Values by reference; vars and secrets use `.variable(name)` / `.secret(name)`.
    public var values: [Reference: String]
    public var missing: Missing
    /// References that can have no value in this kind of run (`git.branch` in a deployment):
    /// they fail even when `missing` asks for placeholders, so a plan shows the error the run
    /// would stop on instead of a placeholder.
    public var withoutValue: Set<Reference> = []
    /// When set, `renderCommand` writes `${secrets.NAME}` as `"${<prefix>NAME}"`, a reference to
    /// a shell variable the caller puts in the command's environment: the command line (which
    /// `ps` shows) then carries the variable's name, never the secret's value. Files and
    /// displays are not affected.
    public var secretVariablePrefix: String?

    public init(values: [Reference: String] = [:], missing: Missing = .fail) {
        self.values = values
        self.missing = missing
    }

    /// Sets the values of an environment's vars (already merged over the top-level ones).
    public mutating func setVariables(_ variables: [Variable]) {
        for variable in variables { values[.variable(variable.name)] = variable.value }
    }

    /// Sets secret values by name.
    public mutating func setSecrets(_ secrets: [String: String]) {
        for (name, value) in secrets { values[.secret(name)] = value }
    }

    public subscript(reference: Reference) -> String? {
        get { values[reference] }
        set { values[reference] = newValue }
    }
}
