/// What a rollout did on every host.
public struct RolloutReport: Sendable {
    public enum HostState: String, Sendable, Codable {
        case succeeded, failed, errored, untouched
        /// A signal stopped the rollout while this host was running.
        case interrupted
        /// Left out on purpose: unreachable at pre-flight with `--skip-unreachable`.
        case skipped
    }

    public var hostStates: [(host: String, state: HostState)]
    /// The final outcome of every step on every host, in the order the hosts ran.
    public var outcomes: [StepOutcome]
    public var rollbackOutcomes: [StepOutcome]
    /// True when the rollout stopped before every batch ran.
    public var halted: Bool
    /// True when a signal stopped the rollout.
    public var interrupted: Bool

    public init(hostStates: [(host: String, state: HostState)], outcomes: [StepOutcome] = [],
                rollbackOutcomes: [StepOutcome] = [], halted: Bool = false, interrupted: Bool = false) {
        self.hostStates = hostStates
        self.outcomes = outcomes
        self.rollbackOutcomes = rollbackOutcomes
        self.halted = halted
        self.interrupted = interrupted
    }

    public var succeeded: Bool { !interrupted && hostStates.allSatisfy { $0.state == .succeeded || $0.state == .skipped } }
    public var errored: Bool { hostStates.contains { $0.state == .errored } }

    public func hosts(in state: HostState) -> [String] { hostStates.filter { $0.state == state }.map(\.host) }

    /// The last outcome on `host` that did not pass, if any.
    public func failure(on host: String) -> StepOutcome? {
        outcomes.last { $0.host == host && !$0.passed }
    }
}
