import Synchronization

/// A value shared between threads and closures, reachable only under its lock.
///
/// `Synchronization.Mutex` cannot be captured by an escaping closure (it is not copyable); this
/// class holds one so callbacks on connection threads can share state with the task that waits.
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) { mutex = Mutex(value) }

    /// Runs `body` with exclusive access to the value.
    @discardableResult
    public func withLock<T: Sendable>(_ body: (inout Value) throws -> T) rethrows -> T {
        try mutex.withLock { value in try body(&value) }
    }

    /// A copy of the value, read under the lock.
    public var current: Value { mutex.withLock { $0 } }
}
