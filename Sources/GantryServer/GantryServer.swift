import Foundation
import GantryEngine
import GantryModel
internal import Hummingbird
import Logging
import Synchronization

/// `gantry serve`: push webhooks, the status page, the JSON API and metrics, in one process.
///
/// The server talks to the engine only. HTTP requests are answered from the store at once (a
/// webhook is verified and queued, never run, in the request); one worker runs the queue and
/// reads the remotes; a watcher tells open pages when the store changed. On SIGTERM or SIGINT
/// (the command line's trap asks the engine's ``Interruption``): no new connection is accepted,
/// requests in flight finish, open pages are told to go, a running deployment stops as any
/// deployment does on a signal (remote commands stopped, rollback, `aborted`, lock released),
/// and the delivery it belonged to goes back to the queue for the next start.
public struct GantryServer: Sendable {
    /// How the server ended.
    public struct Stop: Sendable {
        /// A deployment the worker ran was aborted by the stop.
        public var abortedDeployment: Bool
    }

    let engine: Engine
    let listen: ListenAddress
    let logger: Logger
    let load: @Sendable () throws -> PipelineSet

    /// - Parameters:
    ///   - engine: the engine deployments run with (its interruption is the stop request).
    ///   - listen: where to listen; loopback unless the operator says otherwise.
    ///   - logger: receives one line per decision, secrets masked.
    ///   - load: reads the pipelines folder; called at start and every few seconds after.
    public init(engine: Engine, listen: ListenAddress, logger: Logger, load: @escaping @Sendable () throws -> PipelineSet) {
        self.engine = engine
        self.listen = listen
        self.logger = logger
        self.load = load
    }

    /// Loads the pipelines and their secrets; fails before anything listens when the token
    /// cannot be resolved (a server meant to be closed never opens by mistake).
    public func run() async throws -> Stop {
        let (snapshot, problems) = try ServerState.load(load, secrets: engine.secrets)
        // Any file could be the one that asks for a token: a server meant to be closed never
        // starts open because that file has an error.
        let broken = snapshot.pipelineSet.entries.filter { $0.pipeline == nil }
        if !broken.isEmpty {
            let findings = broken.flatMap(\.diagnostics).map(\.description)
            throw EngineError(.usage, (["gantry serve starts only when every pipeline validates; "
                + "\(broken.map(\.file).joined(separator: ", ")) \(broken.count == 1 ? "does" : "do") not:"] + findings).joined(separator: "\n"))
        }
        let state = ServerState(snapshot)
        let log = ServerLog(logger: logger, state: state)
        for problem in problems { log.line("serve: \(problem)") }
        let metrics = ServerMetrics(), feed = ChangeFeed(), audit = AuditState(), wakeup = Wakeup()
        let engine = self.engine
        // SIGUSR2 stops the HTTP side (below); until its handler is installed it must not kill the process.
        signal(SIGUSR2, SIG_IGN)
        engine.interruption.onRequest {
            wakeup.signal()
            feed.close()
        }

        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ErrorMiddleware(log: log))
        router.add(middleware: TokenMiddleware(state: state))
        HookRoutes(engine: engine, state: state, metrics: metrics, wakeup: wakeup, log: log).add(to: router)
        APIRoutes(engine: engine, state: state).add(to: router)
        HealthRoutes(engine: engine, metrics: metrics).add(to: router)
        PageRoutes(engine: engine, state: state, feed: feed, audit: audit, listen: listen.description).add(to: router)

        var quiet = logger
        quiet.logLevel = .error
        let listen = self.listen
        let tokenNote = snapshot.token == nil ? "no token" : "token required"
        let app = Application(
            router: router, configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: nil),
            onServerRunning: { channel in
                // One owner of SIGTERM and SIGINT (the command line's trap, which asks the engine's
                // interruption): the stop request reaches the HTTP side as SIGUSR2, the one signal its
                // graceful shutdown listens to. Registered once the server runs, so its handler is
                // installed; a stop requested earlier is passed on at once.
                engine.interruption.onRequest { kill(getpid(), SIGUSR2) }
                let port = channel.localAddress?.port ?? listen.port
                let bound = ListenAddress(host: listen.host, port: port)
                log.line("serve: listening on http://\(bound) "
                    + (listen.isLoopback ? "(loopback only; \(tokenNote))"
                        : "(NOT loopback: reachable from the network; put a TLS reverse proxy in front; \(tokenNote))"))
            }, logger: quiet)

        let worker = WebhookWorker(engine: engine, state: state, load: load, wakeup: wakeup, log: log)
        let watcher = ActivityWatcher(engine: engine, feed: feed, metrics: metrics, audit: audit)
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { await worker.run() }
            group.addTask {
                await watcher.run()
                return false
            }
            do {
                try await app.runService(gracefulShutdownSignals: [.sigusr2])
            } catch {
                engine.interruption.request()
                try? await group.waitForAll()
                throw error
            }
            // The HTTP side stopped (a signal): let the worker finish or abort what it runs.
            engine.interruption.request()
            var aborted = false
            for try await result in group { aborted = aborted || result }
            return Stop(abortedDeployment: aborted)
        }
    }
}
