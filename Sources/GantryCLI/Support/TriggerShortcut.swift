import Foundation
import GantryEngine
import GantryGit
import GantryModel

/// `gantry trigger` for a push that maps to no environment, decided before the argument parser
/// and the pipeline loader start, from the trigger index `gantry trigger` keeps beside the state.
///
/// Most pushes end here, and the pusher waits for them. The shortcut only ever answers "nothing
/// to do"; whenever it is not sure (an argument it does not know, input it cannot parse, a missing
/// or stale index, or a push that does map to something) it steps aside and the full command runs
/// with the same standard input.
enum TriggerShortcut {
    /// The options of `gantry trigger` the shortcut understands.
    struct Options: Equatable {
        var pipelines = GlobalOptions.defaultPipelines
        var state: String?
        var verbose = false
    }

    /// The exit status when the shortcut decided; nil when the full command must run.
    static func run(_ arguments: [String]) -> ExitStatus? {
        guard let options = options(GantryMain.hoistingGlobalOptions(arguments)) else { return nil }
        guard let input = StandardInput.readAll(), let updates = try? RefUpdate.parseAll(bytes: input) else { return nil }
        if !updates.contains(where: { !$0.isDeletion }) {
            if options.verbose { Terminal.out(Trigger.onlyDeletions) }
            return .success
        }
        // The folder exactly as the loader names it (no `~` expansion), so the index's name matches.
        let folder = PathText.join(FileManager.default.currentDirectoryPath, options.pipelines)
        let statePath = PathText.absolute(GlobalOptions.statePath(
            state: options.state, pipelines: options.pipelines,
            environment: getenv("GANTRY_STATE").map { String(cString: $0) }))
        guard let index = TriggerIndex.stored(at: TriggerIndex.path(forPipelines: folder, statePath: statePath)),
              index.isCurrent(folder: folder) else { return nil }
        guard TriggerPlanner.actions(for: updates, routes: index.routes, repositoryPath: Trigger.repositoryPath())
            .isEmpty else { return nil }
        if options.verbose { Terminal.out(Trigger.nothingFollows + " (pipelines unchanged since they were indexed)") }
        return .success
    }

    /// The options of `trigger ARGS…` (global options already moved behind the verb); nil for
    /// another verb or anything the shortcut does not know, which the argument parser then handles.
    static func options(_ arguments: [String]) -> Options? {
        guard arguments.first == "trigger" else { return nil }
        var options = Options()
        var seen: Set<String> = []
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            var name = argument
            var value: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            // A repeated option is the argument parser's to judge.
            guard seen.insert(name == "-v" ? "--verbose" : name).inserted else { return nil }
            switch name {
            case "--pipelines", "--state":
                if value == nil, index < arguments.count, !arguments[index].hasPrefix("-") {
                    value = arguments[index]
                    index += 1
                }
                guard let value, !value.isEmpty else { return nil }
                if name == "--pipelines" { options.pipelines = value } else { options.state = value }
            case "-v", "--verbose":
                guard value == nil else { return nil }
                options.verbose = true
            case "--json", "--no-color":
                guard value == nil else { return nil }
            default:
                return nil
            }
        }
        return options
    }
}
