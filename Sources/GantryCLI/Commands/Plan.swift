import ArgumentParser
import Foundation
import GantryEngine
import GantryModel

/// `gantry plan`: what would run where, and which gates apply — without running anything.
struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the hosts, the commands and the gates of a deployment without running it.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment.") var environment: String
    @Option(help: ArgumentHelp("Artifact tag to show (default: a placeholder).", valueName: "tag")) var artifact: String?

    func run() async throws {
        let set = try global.loadPipelines()
        let loaded = try set.pipeline(named: pipeline)
        let env = try loaded.environment(named: environment)
        var chosen = artifact
        var evaluation: [GateResult]?
        var migrations: Engine.MigrationStatus?
        var note = "not evaluated: no state store at \(global.statePath) yet"
        // Plan never creates a store: gates are evaluated only against one that exists.
        if FileManager.default.fileExists(atPath: global.statePath) {
            let engine = try CommandContext(global).engine()
            if chosen == nil {
                let source = env.from ?? env.name
                chosen = try engine.store.currentDeployment(pipeline: loaded.name, environment: source)?.artifactTag
            }
            if let tag = chosen, try engine.store.artifact(pipeline: loaded.name, tag: tag) != nil {
                evaluation = try await engine.evaluateGates(loaded, environment: env.name, artifact: tag,
                                                            kind: env.from == nil ? .deploy : .promote).results
                if loaded.migrations != nil {
                    migrations = try engine.migrationStatus(loaded, environment: env.name, artifact: tag)
                }
            } else {
                note = chosen.map { "not evaluated: artifact \($0) is not recorded" } ?? "not evaluated: nothing to promote yet"
            }
        }
        var report = try PlanReport(pipeline: loaded, environment: env, artifact: chosen)
        report.evaluation = evaluation
        report.evaluationNote = evaluation == nil ? note : nil
        report.migrations = migrations.map(PlanReport.Migrations.init)
        if global.json {
            Terminal.out(try JSONOutput.encode(report))
        } else {
            Terminal.out(report.text(color: global.useColor))
        }
    }
}
