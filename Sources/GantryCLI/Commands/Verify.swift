import ArgumentParser
import GantryEngine

/// `gantry verify`: every host of an environment against its record, and against each other.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every host of an environment against its record.",
        discussion: """
            Every host must run the recorded artifact (parity.running) and all hosts must agree on every fact. \
            Exit 0 when all agree, 3 on drift (naming host and fact), 4 when a host cannot be reached.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment.") var environment: String

    func run() async throws {
        let context = CommandContext(global)
        let loaded = try context.pipeline(named: pipeline)
        let report = try await context.engine().verify(loaded, environment: environment)
        if global.json {
            Terminal.out(try JSONOutput.encode(report))
        } else {
            Terminal.out(VerifyText.render(report, color: global.useColor))
        }
        throw CLIError.exit(report.severity.map(ExitStatus.init) ?? .success)
    }
}

/// The human form of `gantry verify`.
enum VerifyText {
    static func render(_ report: VerifyReport, color: Bool) -> String {
        func paint(_ text: String, _ colour: Terminal.Color) -> String { Terminal.paint(text, colour, enabled: color) }
        var lines = [paint("\(report.pipeline)/\(report.environment)", .bold) + ": \(report.hosts.count) host(s), recorded artifact "
            + (report.artifact ?? "none")]
        if let running = report.running {
            for host in report.hosts {
                guard let value = running[host] else { continue }
                let ok = !report.findings.contains { $0.host == host && $0.subject == "running" }
                lines.append("  \(host)  runs \(value)  " + (ok ? paint("✓", .green) : paint("✗", .red)))
            }
        }
        for fact in report.facts {
            if fact.agreed, let value = fact.values.first {
                lines.append("  fact \(fact.fact): " + paint("agreed", .green) + " (\(value.value))")
            } else {
                lines.append("  fact \(fact.fact): " + paint("\(fact.values.count) value\(fact.values.count == 1 ? "" : "s")", .red))
                for value in fact.values { lines.append("    \(value.value)  on \(value.hosts.joined(separator: ", "))") }
            }
        }
        for note in report.notes { lines.append(paint("· ", .dim) + note) }
        if !report.unreachable.isEmpty { lines.append(paint("unreachable", .red) + ": " + report.unreachable.joined(separator: "; ")) }
        let drift = report.findings.filter { $0.status == .drift }
        if drift.isEmpty && report.unreachable.isEmpty {
            lines.append(paint("all hosts agree", .green))
        }
        for finding in report.findings {
            let label = finding.status == .drift ? paint("drift", .red) : paint(finding.status.rawValue, .cyan)
            lines.append("\(label): \(finding.host) \(finding.subject) is \(finding.found), expected \(finding.expected)")
        }
        return lines.joined(separator: "\n")
    }
}
