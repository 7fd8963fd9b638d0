import ArgumentParser
import GantryEngine
import GantryStore

/// `gantry logs`: The recorded output of one deployment.
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "The recorded output of one deployment.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Deployment id.") var deploymentID: String

    func run() async throws {
        let context = CommandContext(global)
        guard let id = Int64(deploymentID), id > 0 else {
            throw CLIError.usage("gantry: error: deployment id '\(deploymentID)' is not a number (see gantry history)")
        }
        let (deployment, steps) = try context.engine().deploymentLog(id)
        if global.json {
            Terminal.out(try JSONOutput.encode(Documents.log(deployment, steps: steps)))
            return
        }
        Terminal.out("deployment #\(id): \(deployment.kind.rawValue) \(deployment.pipeline):\(deployment.artifactTag) "
            + "to \(deployment.environment) by \(deployment.actor): \(deployment.status.rawValue)"
            + (deployment.hosts.map { " (partial: \($0.joined(separator: ", ")))" } ?? ""))
        if let message = deployment.message { Terminal.out(message) }
        for step in steps {
            Terminal.out(Terminal.paint("\(step.host) \(step.step) [\(step.outcome)"
                + (step.exitStatus.map { ", exit \($0)" } ?? "") + (step.attempt > 1 ? ", attempt \(step.attempt)" : "") + "]",
                .bold, enabled: global.useColor))
            for line in step.output.split(separator: "\n", omittingEmptySubsequences: false) where !step.output.isEmpty {
                Terminal.out("  \(step.host) | \(line)")
            }
        }
    }
}
