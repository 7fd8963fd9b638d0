import ArgumentParser
import Foundation
import GantryEngine
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
        let report = triggers(pipelines: pipelines)
        if global.json {
            let output = Output(hook: installed.hookPath, chained: installed.chainedHookPath ?? "",
                                triggers: report.routes.map(Output.Trigger.init), warnings: report.warnings)
            Terminal.out(try JSONOutput.encode(output))
            return
        }
        Terminal.out("installed \(installed.hookPath): runs `\(hook.triggerCommand)`")
        if let chained = installed.chainedHookPath { Terminal.out("the existing hook is kept as \(chained) and still runs first") }
        if !report.routes.isEmpty { Terminal.out("pushes to this repository trigger:") }
        for route in report.routes { Terminal.out("  " + Self.describe(route)) }
        for warning in report.warnings { Terminal.error("gantry: warning: \(warning)") }
    }

    /// What pushes into `gitDir` will trigger, from the pipelines as they are now, and what
    /// stands in the way; the trigger index is stored on the way when the state folder exists.
    private func triggers(pipelines: String) -> (routes: [TriggerRoute], warnings: [String]) {
        let set: PipelineSet
        do {
            set = try PipelineSet.load(directory: pipelines)
        } catch {
            return ([], ["\(error) — pushes will do nothing until the pipelines can be read"])
        }
        var warnings = set.entries.filter { $0.pipeline == nil }.map {
            "\($0.file) does not validate; pushes will not trigger it until it does (run gantry validate)"
        }
        let all = Trigger.routes(of: set, statePath: global.statePath, verbose: global.verbose)
        let mine = TriggerPlanner.routes(all, ofRepository: PathText.absolute(gitDir))
        if mine.isEmpty && warnings.isEmpty {
            warnings.append("no environment of the pipelines in \(pipelines) follows a branch or tag of this repository "
                + "(see `repository:`, `branch:` and `tags:`); pushes here will do nothing")
        }
        return (mine, warnings)
    }

    static func describe(_ route: TriggerRoute) -> String {
        var parts: [String] = []
        if let branch = route.branch { parts.append("branch \(branch) → build and deploy to \(route.environment)") }
        if let tags = route.tags { parts.append("tags \(tags) → promote to \(route.environment)") }
        return "\(route.pipeline): " + parts.joined(separator: "; ")
    }

    struct Output: Encodable {
        struct Trigger: Encodable {
            var pipeline: String
            var environment: String
            var branch: String?
            var tags: String?
            init(_ route: TriggerRoute) {
                (pipeline, environment, branch, tags) = (route.pipeline, route.environment, route.branch, route.tags)
            }
        }
        var hook: String
        var chained: String
        var triggers: [Trigger]
        var warnings: [String]
    }
}
