import ArgumentParser
import Foundation
import GantryModel

/// The options every verb accepts, before or after the verb.
///
/// One `ParsableArguments` group used with `@OptionGroup` in each verb; `GantryMain` moves
/// global options written before the verb behind it, so both placements parse the same way.
public struct GlobalOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp("Folder of pipeline files.", valueName: "dir"))
    public var pipelines: String = GlobalOptions.defaultPipelines

    @Option(name: .long, help: ArgumentHelp(
        "State database (default: $GANTRY_STATE, else .gantry/state.db beside the pipelines folder).",
        valueName: "path"))
    public var state: String?

    @Flag(name: .long, help: "Print one machine-readable JSON document on stdout.")
    public var json = false

    @Flag(name: .customLong("no-color"), help: "Never colour output (also when NO_COLOR is set).")
    public var noColor = false

    @Flag(name: [.short, .long], help: "Say more about what happens.")
    public var verbose = false

    public init() {}

    /// `--pipelines` when it is not given.
    static let defaultPipelines = "./pipelines"

    /// `--state`, else `GANTRY_STATE`, else `.gantry/state.db` beside the pipelines folder.
    public var statePath: String {
        Self.statePath(state: state, pipelines: pipelines, environment: ProcessInfo.processInfo.environment["GANTRY_STATE"])
    }

    /// The state path for these option values and `GANTRY_STATE` (`environment`).
    static func statePath(state: String?, pipelines: String, environment: String?) -> String {
        if let state { return state }
        if let environment, !environment.isEmpty { return environment }
        return PathText.join(PathText.parent(PathText.normalize(pipelines)), ".gantry/state.db")
    }

    /// Colour only on a terminal, and never with `--no-color` or a non-empty `NO_COLOR`.
    public var useColor: Bool {
        Terminal.colorAllowed(noColorFlag: noColor, environment: ProcessInfo.processInfo.environment,
                              isTerminal: isatty(STDOUT_FILENO) == 1)
    }

    /// Loads every pipeline of `--pipelines`.
    func loadPipelines() throws -> PipelineSet {
        try PipelineSet.load(directory: pipelines)
    }
}
