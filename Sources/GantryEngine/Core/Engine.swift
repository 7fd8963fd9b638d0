import Foundation
import GantryGates
import GantryModel
import GantryShell
import GantryStore
import Logging

/// The promotion engine: plan → gates → lock → steps → record.
///
/// One value serves one command. Everything it touches is injected: the state store, the clock
/// gates decide by, the acting user, where secret values come from, how hosts are reached and
/// who watches the progress. The command line builds it with the real parts; tests swap in a
/// manual clock or in-memory connections.
public struct Engine: Sendable {
    public let store: StateStore
    public let clock: any GantryClock
    /// The login name of the person or service acting; from the OS, never from a flag.
    public let actor: String
    public let secrets: SecretResolver
    public private(set) var trigger: DeploymentTrigger
    public let observer: EngineObserver
    /// Set by the process owner when a signal (or a shutdown) asks the run to stop.
    public let interruption: Interruption
    /// Receives what the layers below report on the side (a known_hosts line skipped).
    public let logger: Logger
    /// How notifications are sent (HTTP, retries).
    public let notifications: NotificationSettings
    let connect: @Sendable (Pipeline) -> any ConnectionProvider

    /// - Parameters:
    ///   - store: the open state store.
    ///   - clock: what gates take as "now".
    ///   - actor: the acting user (`Identity.currentUser()` in the command line).
    ///   - secrets: where secret values come from.
    ///   - trigger: what started this run (recorded with each deployment).
    ///   - observer: receives live progress.
    ///   - interruption: asks a running deployment to stop cleanly (the command line sets it on SIGINT/SIGTERM).
    ///   - logger: receives warnings from the layers below (SSH); the command line shows them on stderr.
    ///   - connections: how hosts are reached; SSH by default.
    ///   - notifications: how notifications are sent; HTTP by default.
    public init(store: StateStore, clock: any GantryClock = SystemClock(), actor: String = Identity.currentUser(),
                secrets: SecretResolver = SecretResolver(), trigger: DeploymentTrigger = .cli,
                observer: @escaping EngineObserver = { _ in }, interruption: Interruption = Interruption(),
                logger: Logger = Logger(label: "gantry"),
                connections: (@Sendable (Pipeline) -> any ConnectionProvider)? = nil,
                notifications: NotificationSettings = NotificationSettings()) {
        self.store = store
        self.clock = clock
        self.actor = actor
        self.secrets = secrets
        self.trigger = trigger
        self.observer = observer
        self.interruption = interruption
        self.logger = logger
        self.notifications = notifications
        let user = actor
        self.connect = connections ?? { pipeline in SSHConnections(pipeline: pipeline, user: user, logger: logger) }
    }

    /// This engine, recording the deployments it starts as started by `trigger` (a webhook, a
    /// recovered push, a schedule); everything else, notifications included, stays the same.
    public func triggered(by trigger: DeploymentTrigger) -> Engine {
        var copy = self
        copy.trigger = trigger
        return copy
    }

    /// Options of one deployment-like command.
    public struct RunOptions: Sendable {
        /// Break-glass for the window gate; needs a reason.
        public var overrideReason: String?
        /// How long to wait for another deployment of the environment to finish.
        public var lockWait: TimeInterval
        /// Hosts at once within a batch; nil = the pipeline's `ssh.parallel`.
        public var parallel: Int?
        /// Host or group names to limit the run to (`--hosts`); nil = every host. A limited run is
        /// recorded as partial and never counts as "succeeded in E".
        public var hosts: [String]?
        /// Deploy to the hosts the pre-flight reached and record the others as skipped
        /// (`--skip-unreachable`); the run is then partial.
        public var skipUnreachable: Bool

        public init(overrideReason: String? = nil, lockWait: TimeInterval = 0, parallel: Int? = nil,
                    hosts: [String]? = nil, skipUnreachable: Bool = false) {
            self.overrideReason = overrideReason
            self.lockWait = lockWait
            self.parallel = parallel
            self.hosts = hosts
            self.skipUnreachable = skipUnreachable
        }
    }

    /// What a deployment-like command came to.
    public struct RunResult: Sendable {
        public enum Outcome: String, Sendable, Codable {
            case succeeded, failed, errored, blocked
            /// A signal stopped the run; it was rolled back and recorded `aborted`.
            case interrupted

            /// How bad the outcome is; nil when it succeeded or a signal stopped it (not a failure of
            /// the run itself: the command line exits with the signal's status).
            public var severity: Severity? {
                switch self {
                case .succeeded, .interrupted: nil
                case .failed: .failed
                case .blocked: .refused
                case .errored: .infrastructure
                }
            }
        }

        public var outcome: Outcome
        public var gates: GateReport
        public var deployment: Deployment?
        public var report: RolloutReport?
        /// The promotion request opened or used, for environments that need approvals.
        public var request: PromotionRequest?
        /// Why, in one paragraph, for people.
        public var message: String
        /// The signal that stopped the run, for `interrupted`.
        public var signal: Int32?

        public init(outcome: Outcome, gates: GateReport, deployment: Deployment?, report: RolloutReport?,
                    request: PromotionRequest?, message: String, signal: Int32? = nil) {
            self.outcome = outcome
            self.gates = gates
            self.deployment = deployment
            self.report = report
            self.request = request
            self.message = message
            self.signal = signal
        }
    }

    func audit(_ action: String, pipeline: String?, environment: String?, artifact: String?, outcome: String,
               details: String = "") -> AuditEntry {
        AuditEntry(actor: actor, action: action, pipeline: pipeline, environment: environment, artifact: artifact,
                   outcome: outcome, details: details, at: clock.now())
    }
}
