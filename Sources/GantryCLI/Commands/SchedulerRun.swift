import ArgumentParser
import Foundation
import GantryEngine

/// `gantry scheduler run`: the long-running form, for a systemd service.
struct SchedulerRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Keep firing due schedules until stopped.",
        discussion: """
            Sleeps until the next due slot and looks for new schedules and approvals at least every 5 s; one line per decision.
            Sends the notification outbox meanwhile (retries with backoff), one line per attempt.
            SIGTERM or SIGINT stops it: no new promotion starts, a running one finishes or aborts cleanly. Exit 0, or
            128 + the signal (143, 130) when the stop aborted a deployment. A second signal exits at once.
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let log = SchedulerLog(global)
        let session = try ServiceSession(global, name: "scheduler", stopping: "stopping (a running promotion finishes or aborts cleanly)",
                                         observer: log.observer, line: log.line)
        let global = self.global
        log.line("scheduler: serving \(global.statePath) with the pipelines in \(global.pipelines) (pid \(getpid()))")
        // Notifications are sent alongside, by the same process, until the same stop request.
        async let notifying: Void = session.engine.notificationLoop(interruption: session.interruption) { log.delivery($0) }
        let stop = await session.engine.runScheduler(load: { try global.loadPipelines() }, report: { log.decision($0) })
        await notifying
        guard let status = session.abortStatus(abortedDeployment: stop.abortedDeployment) else {
            log.line("scheduler: stopped on \(session.stoppedBy)")
            return
        }
        log.line("scheduler: stopped on \(session.stoppedBy); a deployment was aborted (exit \(status.rawValue))")
        throw CLIError.exit(status)
    }
}
