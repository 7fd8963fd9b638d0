import ArgumentParser
import Foundation
import GantryEngine
import GantryGates
import GantryStore

/// `gantry migrations`: the migration ledger of an environment, and what an artifact would apply.
struct Migrations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrations",
        abstract: "Applied and pending migration files of an environment.",
        discussion: """
            Pending files are those of --artifact (default: what the from: environment runs now) that the \
            environment's ledger does not have. Exit 3 when that artifact would be refused: an applied file \
            changed, a new file sorts before an applied one, or an applied file is missing.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment.") var environment: String
    @Option(help: ArgumentHelp("Artifact whose files are judged (default: what from: runs now).", valueName: "tag"))
    var artifact: String?

    struct Output: Encodable {
        struct Applied: Encodable {
            var name: String
            var checksum: String
            var artifact: String
            var deploymentId: Int64
            var appliedBy: String
            var appliedAt: Date
        }

        var pipeline: String
        var environment: String
        var path: String
        var applied: [Applied]
        var artifact: String?
        var pending: [MigrationFile]
        var problems: [String]
        var note: String
    }

    func run() async throws {
        let context = CommandContext(global)
        let loaded = try context.pipeline(named: pipeline)
        let status = try context.engine().migrationStatus(loaded, environment: environment, artifact: artifact)
        let problems = status.check?.problems ?? []
        if global.json {
            Terminal.out(try JSONOutput.encode(Output(
                pipeline: status.pipeline, environment: status.environment, path: status.path,
                applied: status.applied.map { .init(name: $0.name, checksum: $0.checksum, artifact: $0.artifactTag,
                                                    deploymentId: $0.deploymentID, appliedBy: $0.appliedBy, appliedAt: $0.appliedAt) },
                artifact: status.artifact, pending: status.check?.pending ?? [], problems: problems, note: status.note)))
        } else {
            Terminal.out(text(status, color: global.useColor))
        }
        if !problems.isEmpty { throw CLIError.exit(.refused) }
    }

    private func text(_ status: Engine.MigrationStatus, color: Bool) -> String {
        let utc = TimeZone(identifier: "UTC")!
        var lines = [Terminal.paint("\(status.pipeline)/\(status.environment)", .bold, enabled: color)
            + ": migrations under \(status.path)"]
        lines.append("Applied (\(status.applied.count)):")
        if status.applied.isEmpty { lines.append("  none yet") }
        let width = status.applied.map(\.name.count).max() ?? 0
        for entry in status.applied {
            lines.append("  " + entry.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + "  \(entry.checksum.prefix(19))…  by \(entry.appliedBy) at \(WindowFormat.iso8601(entry.appliedAt, in: utc))"
                + "  (\(entry.artifactTag), deployment #\(entry.deploymentID))")
        }
        guard let tag = status.artifact, let check = status.check else {
            lines.append(status.note)
            return lines.joined(separator: "\n")
        }
        lines.append("Pending for \(tag) (\(status.note)):" + (check.pending.isEmpty ? " none" : ""))
        for file in check.pending { lines.append("  \(file.name)") }
        for problem in check.problems { lines.append(Terminal.paint("refused", .red, enabled: color) + ": \(problem)") }
        return lines.joined(separator: "\n")
    }
}
