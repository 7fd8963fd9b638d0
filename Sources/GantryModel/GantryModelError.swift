import GantryShell

/// Everything that can go wrong while loading, validating or rendering pipelines.
///
/// One error type for the module, each case carrying the context a user needs to act on it
/// (file positions, pipeline and environment names).
public enum GantryModelError: SeverityCarrying, Sendable, Equatable {
    /// Pipelines that do not load or validate are usage errors: nothing ran.
    public var severity: Severity { .usage }

    /// A pipeline (or a file it includes) does not validate; every finding is listed.
    case invalid([Diagnostic])
    /// The pipelines directory cannot be read.
    case unreadableDirectory(path: String, reason: String)
    /// No pipeline has this name.
    case unknownPipeline(name: String, known: [String])
    /// A file path was given for a pipeline, and it is not a file of the pipelines folder.
    case notInPipelinesFolder(path: String, directory: String, known: [String])
    /// The pipeline has no environment of this name.
    case unknownEnvironment(pipeline: String, name: String, known: [String])
    /// `--hosts` named a host or group that is not in the environment.
    case unknownHost(name: String, environment: String, known: [String])
    /// Rendering needed a value the context does not hold.
    case missingValue(reference: String, location: SourceLocation)

    public var description: String {
        switch self {
        case .invalid(let diagnostics):
            return diagnostics.map(\.description).joined(separator: "\n")
        case .unreadableDirectory(let path, let reason):
            return "cannot read pipelines directory '\(path)': \(reason)"
        case .unknownPipeline(let name, let known):
            return "unknown pipeline '\(name)'" + Suggestion.hint(for: name, among: known, listing: "pipelines")
        case .notInPipelinesFolder(let path, let directory, let known):
            return "'\(path)' is not a pipeline file of the folder '\(directory)'; name a pipeline of that folder"
                + (known.isEmpty ? "" : " (\(known.map { "'\($0)'" }.joined(separator: ", ")))")
                + " or give the folder with --pipelines"
        case .unknownEnvironment(let pipeline, let name, let known):
            return "pipeline '\(pipeline)' has no environment '\(name)'"
                + Suggestion.hint(for: name, among: known, listing: "environments")
        case .unknownHost(let name, let environment, let known):
            return "'\(name)' is not a host or group of environment '\(environment)'"
                + Suggestion.hint(for: name, among: known, listing: "hosts")
        case .missingValue(let reference, let location):
            return "\(location): no value for '${\(reference)}'"
                + (Reference(spelling: reference)?.whyWithoutValue.map { " (\($0))" } ?? "")
        }
    }
}
