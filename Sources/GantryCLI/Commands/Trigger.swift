import ArgumentParser
import Foundation
import GantryEngine
import GantryGit
import GantryModel

/// `gantry trigger`: the post-receive hook entry; reads "old new ref" lines on stdin.
///
/// A push that maps to nothing is usually decided earlier, by ``TriggerShortcut`` from the
/// trigger index; this command runs when the shortcut cannot decide, and refreshes that index.
struct Trigger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger",
        abstract: "Hook entry: reads \"old new ref\" lines on stdin.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        guard let input = StandardInput.readAll() else {
            throw EngineError(.infrastructure, "gantry trigger: cannot read standard input")
        }
        let updates: [RefUpdate]
        do {
            updates = try RefUpdate.parseAll(bytes: input)
        } catch {
            throw CLIError.usage("gantry trigger: \(error)")
        }
        // Deleted refs never deploy: a push of deletions only needs no pipeline at all.
        guard updates.contains(where: { !$0.isDeletion }) else {
            if global.verbose { Terminal.out(Self.onlyDeletions) }
            return
        }
        let set = try global.loadPipelines()
        for entry in set.entries where entry.pipeline == nil {
            Terminal.error("gantry: \(entry.file) does not validate; its pipeline is not triggered (run gantry validate)")
        }
        let routes = Self.routes(of: set, statePath: global.statePath, verbose: global.verbose)
        let actions = TriggerPlanner.actions(for: updates, routes: routes, repositoryPath: Self.repositoryPath())
        guard !actions.isEmpty else {
            if global.verbose { Terminal.out(Self.nothingFollows) }
            return
        }
        let context = CommandContext(global)
        let outcomes = try await context.engine(trigger: .hook, trapSignals: true).trigger(actions, pipelines: set.pipelines)
        if global.json {
            Terminal.out(try JSONOutput.encode(JSONValue.object(["actions": .array(outcomes.map(Self.document))])))
        }
        // A blocked promotion is reported, not an error of the push.
        if let signal = outcomes.compactMap(\.signal).first { throw CLIError.exit(ExitStatus(signal: signal)) }
        let worst = outcomes.compactMap(\.severity).filter { $0 != .refused }.max()
        if let worst { throw CLIError.exit(ExitStatus(worst)) }
    }

    /// Every route of the valid pipelines of `set`; the trigger index of `set` is stored on the way.
    static func routes(of set: PipelineSet, statePath: String, verbose: Bool) -> [TriggerRoute] {
        let currentDirectory = FileManager.default.currentDirectoryPath
        guard let index = TriggerIndex(set: set, currentDirectory: currentDirectory) else {
            return set.pipelines.flatMap { TriggerRoute.routes(of: $0, currentDirectory: currentDirectory) }
        }
        store(index, statePath: statePath, verbose: verbose)
        return index.routes
    }

    /// Stores `index` beside the state when the state's folder exists; a push never creates the store.
    ///
    /// The index is only a cache: failing to write it costs the next push time, not correctness.
    private static func store(_ index: TriggerIndex, statePath: String, verbose: Bool) {
        let statePath = PathText.absolute(statePath)
        var info = stat()
        guard stat(PathText.parent(statePath), &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return }
        let path = TriggerIndex.path(forPipelines: index.folder, statePath: statePath)
        if TriggerIndex.stored(at: path) == index { return }
        do {
            try index.write(to: path)
        } catch {
            if verbose { Terminal.error("gantry: the trigger index was not written: \(error)") }
        }
    }

    /// One triggered action in `--json`: what the push asked for and how it ended.
    static func document(_ outcome: Engine.TriggerOutcome) -> JSONValue {
        let (kind, ref): (String, String) = switch outcome.action.kind {
        case let .buildAndDeploy(branch): ("build-and-deploy", branch)
        case let .promoteTag(tag): ("promote-tag", tag)
        }
        let status = outcome.signal != nil ? "interrupted"
            : outcome.severity.map { $0 == .refused ? "blocked" : ($0 == .failed ? "failed" : "errored") } ?? "succeeded"
        return .object([
            "pipeline": .string(outcome.action.pipeline), "environment": .string(outcome.action.environment),
            "action": .string(kind), "ref": .string(ref), "commit": .string(outcome.action.newSha),
            "status": .string(status), "message": .string(outcome.message),
        ])
    }

    static let onlyDeletions = "gantry: deleted refs never deploy"
    static let nothingFollows = "gantry: no environment follows these refs"

    /// The repository the hook runs in: `GIT_DIR` (set by git for hooks), else the current folder.
    static func repositoryPath() -> String {
        getenv("GIT_DIR").map { PathText.absolute(String(cString: $0)) } ?? FileManager.default.currentDirectoryPath
    }
}
