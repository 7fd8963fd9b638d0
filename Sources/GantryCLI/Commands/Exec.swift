import ArgumentParser
import Foundation
import GantryEngine

/// `gantry exec`: Run an ad-hoc command on every host of an environment (audited).
struct Exec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run an ad-hoc command on every host of an environment (audited).",
        discussion: """
            The words after -- are joined with spaces and run as one shell command on every host, \
            as typed: no ${…} interpolation and no secrets. Exit 0 when it succeeded everywhere, \
            1 when it failed on some host, 4 when a host could not be reached or refused the login \
            or its host key (the highest wins).

            Example: gantry exec webshop production -- df -h /srv
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Pipeline name.") var pipeline: String
    @Argument(help: "Environment.") var environment: String
    @Option(help: ArgumentHelp("At most this many hosts at once (default: the pipeline's ssh.parallel).", valueName: "n"))
    var parallel: Int?
    @OptionGroup var targets: TargetFlags
    @Argument(parsing: .postTerminator, help: "The command, after --.") var command: [String] = []

    func run() async throws {
        let line = command.joined(separator: " ")
        guard !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CLIError.usage("gantry: error: exec needs a command after -- (e.g. gantry exec \(pipeline) \(environment) -- uptime)")
        }
        if let parallel, parallel < 1 { throw CLIError.usage("gantry: error: --parallel must be at least 1") }
        let context = CommandContext(global, jsonLines: targets.jsonLines)
        let loaded = try context.pipeline(named: pipeline)
        let engine = try context.engine(trapSignals: true)
        let selection = try targets.hostList()
        let hosts = try loaded.hosts(of: try loaded.environment(named: environment), limitedTo: selection).map(\.name)
        let display = ExecDisplay(hosts: hosts, color: global.useColor, quiet: global.json || targets.jsonLines)
        let jsonLines = targets.jsonLines
        let result = try await engine.exec(loaded, environment: environment, command: line, parallel: parallel,
                                           hosts: selection, skipUnreachable: targets.skipUnreachable,
                                           onEvent: { event in
                                               if jsonLines { JSONLines.write(Documents.execEvent(event)) } else { display.handle(event) }
                                           })
        if global.json {
            Terminal.out(try JSONOutput.encode(Documents.exec(result)))
        } else if jsonLines {
            JSONLines.write(JSONLines.result(Documents.exec(result)))
        } else {
            display.finish(result)
        }
        if let signal = result.signal { throw CLIError.exit(ExitStatus(signal: signal)) }
        throw CLIError.exit(result.severity.map(ExitStatus.init) ?? .success)
    }
}
