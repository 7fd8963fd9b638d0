import ArgumentParser
import Foundation
import GantryGit
import GantryModel

/// `gantry hooks`: git hook management.
struct Hooks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Manage git hooks.",
        subcommands: [HooksInstall.self])
}

/// `gantry hooks install`: writes a post-receive hook that calls `gantry trigger`.
struct HooksInstall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the post-receive hook into a git repository (an existing hook is chained).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The repository's git folder (a bare repository or .git).") var gitDir: String

    func run() async throws {
        let pipelines = PathText.absolute(global.pipelines)
        let state = PathText.absolute(global.statePath)
        let hook = try PostReceiveHook(gantryExecutable: Executable.path(), pipelinesDirectory: pipelines, statePath: state)
        let installed = try hook.install(into: gitDir)
        if global.json {
            Terminal.out(try JSONOutput.encode(["hook": installed.hookPath, "chained": installed.chainedHookPath ?? ""]))
            return
        }
        Terminal.out("installed \(installed.hookPath): runs `\(hook.triggerCommand)`")
        if let chained = installed.chainedHookPath { Terminal.out("the existing hook is kept as \(chained) and still runs first") }
    }
}
