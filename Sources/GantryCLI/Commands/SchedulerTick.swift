import ArgumentParser
import Foundation
import GantryEngine

/// `gantry scheduler tick`: one pass, for cron or a systemd timer.
struct SchedulerTick: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick",
        abstract: "Fire what is due now, once, and exit.",
        discussion: """
            Run it every minute from cron or a systemd timer. Each decision is one line (waiting requests only with -v).
            Exit 0 when every due slot was decided and recorded (blocked, deferred and skipped ones included),
            1 when a scheduled deployment failed, 2 when a pipeline does not validate, 4 for infrastructure errors.
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let log = SchedulerLog(global)
        let session = try ServiceSession(global, name: "scheduler", stopping: "stopping after the running promotion",
                                         observer: log.observer, line: log.line)
        let result = try await session.engine.schedulerTick(try global.loadPipelines())
        var status = ExitStatus.success
        for decision in result.decisions {
            if let severity = decision.severity { status.merge(ExitStatus(severity)) }
            if !global.json && (decision.kind == .waiting || decision.kind == .claimedElsewhere) && !global.verbose { continue }
            if !global.json { log.decision(decision) }
        }
        if global.json { Terminal.out(try JSONOutput.encode(["decisions": result.decisions])) }
        throw CLIError.exit(session.abortStatus(abortedDeployment: result.decisions.contains { $0.kind == .aborted }) ?? status)
    }
}
