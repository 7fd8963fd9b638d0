import ArgumentParser
import Foundation
import GantryEngine

/// `gantry check`: the pre-flight alone.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Pre-flight only: reach, host key, login (and sudo -n true when steps use sudo) on every host.",
        discussion: """
            Changes nothing and records nothing. Exit 0 when every host is ready, 4 when a host cannot \
            be reached or refused its host key or login, 1 when sudo would ask for a password.
            --known-hosts-lines prints the known_hosts lines for hosts whose key is not pinned yet: \
            verify each fingerprint out of band before adding them.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment.") var environment: String
    @Option(help: ArgumentHelp("Only these hosts or groups, comma-separated.", valueName: "list")) var hosts: String?
    @Flag(help: "Print the known_hosts lines of hosts whose key is unknown or changed, nothing else.")
    var knownHostsLines = false

    func run() async throws {
        let context = CommandContext(global)
        let loaded = try context.pipeline(named: pipeline)
        let selection = try TargetFlags(hosts: hosts).hostList()
        let report = try await context.engine().check(loaded, environment: environment, hosts: selection)
        if knownHostsLines {
            let lines = report.hosts.compactMap { $0.failure?.knownHostsLine }
            for line in lines { Terminal.out(line) }
            Terminal.error("gantry: \(lines.count) line(s) for \(report.hosts.count) host(s); "
                + "check each fingerprint out of band before adding a line to known_hosts")
        } else if global.json {
            Terminal.out(try JSONOutput.encode(CheckDocument(report)))
        } else {
            CheckText.print(report, color: global.useColor)
        }
        throw CLIError.exit(report.severity.map(ExitStatus.init) ?? .success)
    }
}

extension TargetFlags {
    init(hosts: String?) {
        self.init()
        self.hosts = hosts
    }
}

/// `gantry check` for people: a table, then what to do, grouped by cause.
enum CheckText {
    static func print(_ report: Engine.CheckReport, color: Bool) {
        let rows = report.hosts.map { host -> [String] in
            let ssh = host.reachable ? "ok" : (host.failure?.cause ?? "failed")
            let sudo = host.sudo.map { $0 ? "ok" : "failed" } ?? "–"
            return [host.host, host.address, ssh, sudo]
        }
        let header = ["HOST", "ADDRESS", "SSH", "SUDO"]
        let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        Terminal.out(Terminal.paint(line(header), .bold, enabled: color))
        for row in rows { Terminal.out(line(row)) }
        for group in HostFailure.grouped(report.hosts.compactMap { host in host.failure.map { (host.host, $0) } }) {
            Terminal.error("gantry: " + group)
        }
        for host in report.hosts where host.sudo == false {
            Terminal.error("gantry: \(host.host): sudo -n true failed\(host.sudoDetail.map { ": \($0)" } ?? ""); "
                + "steps that use sudo need it to work without a password")
        }
        let ready = report.hosts.filter(\.ready).count
        Terminal.out("\(ready)/\(report.hosts.count) host(s) of \(report.environment) ready"
            + (report.checkedSudo ? "" : " (no step uses sudo: not checked)"))
    }
}

/// The `--json` document of `gantry check`.
struct CheckDocument: Encodable {
    struct Host: Encodable {
        var host: String
        var address: String
        var reachable: Bool
        var cause: String?
        var reason: String?
        var knownHostsLine: String?
        var sudo: Bool?
        var sudoDetail: String?
        var ready: Bool
    }

    var pipeline: String
    var environment: String
    var ready: Bool
    var checkedSudo: Bool
    var hosts: [Host]

    init(_ report: Engine.CheckReport) {
        pipeline = report.pipeline
        environment = report.environment
        ready = report.ready
        checkedSudo = report.checkedSudo
        hosts = report.hosts.map {
            Host(host: $0.host, address: $0.address, reachable: $0.reachable, cause: $0.failure?.cause,
                 reason: $0.failure?.reason, knownHostsLine: $0.failure?.knownHostsLine, sudo: $0.sudo,
                 sudoDetail: $0.sudoDetail, ready: $0.ready)
        }
    }
}
