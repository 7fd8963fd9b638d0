import Foundation
import Synchronization

/// The source of "now" for every gate decision.
///
/// Gates never read the system time themselves: the engine passes a clock in, and tests pass a
/// manual one. No flag or environment variable moves it.
public protocol GantryClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The real clock of the machine.
public struct SystemClock: GantryClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stands still until told to move; for tests and simulations.
public final class ManualClock: GantryClock {
    private let current: Mutex<Date>

    public init(_ start: Date) { current = Mutex(start) }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock to `date`.
    public func set(_ date: Date) { current.withLock { $0 = date } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}
