import ArgumentParser
import Foundation
import GantryEngine
import GantryServer

/// `gantry serve`: push webhooks, a status page, the JSON API and metrics, for a team.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Take push webhooks; serve a live status page, the JSON API and metrics.",
        discussion: """
            Listens on 127.0.0.1:8420 unless --listen names another address (put a TLS reverse proxy in front).
            POST /hooks/github|gitlab|gitea takes push webhooks of pipelines with `webhook:`; GET / is the status page;
            /api/status, /api/history/PIPELINE and /api/deployments/ID print what --json prints; /healthz; /metrics.
            Sends the notification outbox meanwhile (retries with backoff), one line per attempt.
            SIGTERM or SIGINT stops it: requests in flight finish, a running deployment aborts cleanly and its push
            runs again at the next start. Exit 0, or 128 + the signal (143, 130) when the stop aborted a deployment.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Address to listen on (default 127.0.0.1:8420, loopback only).", valueName: "host:port"))
    var listen: String?

    func run() async throws {
        guard let address = listen.map(ListenAddress.init(parsing:)) ?? ListenAddress.standard else {
            throw CLIError.usage("gantry: error: --listen '\(listen ?? "")' is not HOST:PORT (e.g. 127.0.0.1:8420, 0.0.0.0:8420, [::1]:8420)")
        }
        let log = ServeLog(global)
        let session = try ServiceSession(global, name: "serve",
                                         stopping: "stopping (requests in flight finish, a running deployment aborts cleanly)",
                                         trigger: .webhook, observer: log.observer, line: log.line)
        let (engine, interruption, global) = (session.engine, session.interruption, self.global)
        let server = GantryServer(engine: engine, listen: address, logger: log.logger) { try global.loadPipelines() }
        log.line("serve: serving \(global.statePath) with the pipelines in \(global.pipelines) (pid \(getpid()))")
        // Notifications are sent alongside, by the same process, until the same stop request.
        async let notifying: Void = engine.notificationLoop(interruption: interruption) { log.delivery($0) }
        let stop: GantryServer.Stop
        do {
            stop = try await server.run()
        } catch {
            interruption.request(signal: 0)
            await notifying
            switch error {
            case let error as EngineError: throw error
            case let error as CLIError: throw error
            default: throw EngineError(.infrastructure, "gantry serve: cannot serve on \(address): \(error)")
            }
        }
        await notifying
        guard let status = session.abortStatus(abortedDeployment: stop.abortedDeployment) else {
            log.line("serve: stopped on \(session.stoppedBy)")
            return
        }
        log.line("serve: stopped on \(session.stoppedBy); a deployment was aborted (exit \(status.rawValue))")
        throw CLIError.exit(status)
    }
}
