import ArgumentParser
import Foundation
import GantryEngine
import GantryGit
import GantryModel

/// `gantry trigger`: the post-receive hook entry; reads "old new ref" lines on stdin.
struct Trigger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger",
        abstract: "Hook entry: reads \"old new ref\" lines on stdin.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let updates: [RefUpdate]
        do {
            updates = try RefUpdate.parseAll(bytes: Array(input))
        } catch {
            throw CLIError.usage("gantry trigger: \(error)")
        }
        // Deleted refs never deploy: a push of deletions only needs no pipeline at all.
        guard updates.contains(where: { !$0.isDeletion }) else {
            if global.verbose { Terminal.out("gantry: deleted refs never deploy") }
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let repository = environment["GIT_DIR"].map { PathText.absolute($0) } ?? FileManager.default.currentDirectoryPath
        let set = try global.loadPipelines()
        for entry in set.entries where entry.pipeline == nil {
            Terminal.error("gantry: \(entry.file) does not validate; its pipeline is not triggered (run gantry validate)")
        }
        let actions = TriggerPlanner.actions(for: updates, pipelines: set.pipelines, repositoryPath: repository)
        guard !actions.isEmpty else {
            if global.verbose { Terminal.out("gantry: no environment follows these refs") }
            return
        }
        let context = CommandContext(global)
        let outcomes = try await context.engine(trigger: .hook).trigger(actions, pipelines: set.pipelines)
        // A blocked promotion is reported, not an error of the push.
        let worst = outcomes.map(\.exitCode).filter { $0 != ExitStatus.refused.rawValue }.max() ?? 0
        if worst != 0 { throw CLIError.exit(ExitStatus(rawValue: worst) ?? .failed) }
    }
}
