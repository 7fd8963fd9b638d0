import Foundation
import GantryStore

/// What the engine reports while it works, for live display by the command line.
public enum EngineEvent: Sendable {
    /// A line for people (a decision, a skipped step, a warning).
    case note(String)
    case gates(GateReport)
    /// `steps` are the step names every host runs, in order.
    case deploymentStarted(Deployment, hosts: [String], steps: [String])
    case rollout(RolloutEvent)
    case deploymentFinished(Deployment)
}

/// Receives engine events; the command line prints them, tests collect them.
public typealias EngineObserver = @Sendable (EngineEvent) -> Void
