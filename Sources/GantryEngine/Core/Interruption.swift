import Foundation
import Synchronization

/// A request to stop the work in progress: the first SIGINT/SIGTERM, or a server shutting down.
///
/// A deployment that sees it stops starting new work, stops the remote commands that run, rolls
/// back the hosts already changed, records `aborted` and releases its lock. Whoever owns the
/// process (the command line, `scheduler run`, `serve`) makes the request; the engine only reads
/// it. It is a value shared by reference so a signal handler and the engine see the same one.
public final class Interruption: Sendable {
    private struct State {
        var signal: Int32?
        var next = 0
        var handlers: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether a stop was requested.
    public var isRequested: Bool { state.withLock { $0.signal != nil } }

    /// The signal that asked for the stop (SIGINT, SIGTERM), or 0 for a programmatic request.
    public var signal: Int32? { state.withLock { $0.signal } }

    /// Asks the running work to stop.
    ///
    /// - Parameter signal: the signal received, or 0 when no signal is involved.
    /// - Returns: false when a stop had already been requested (a second signal).
    @discardableResult
    public func request(signal: Int32 = 0) -> Bool {
        let handlers: [@Sendable () -> Void]? = state.withLock { state in
            guard state.signal == nil else { return nil }
            state.signal = signal
            defer { state.handlers = [:] }
            return Array(state.handlers.values)
        }
        guard let handlers else { return false }
        for handler in handlers { handler() }
        return true
    }

    /// Calls `handler` once when a stop is requested, at once when it already was.
    ///
    /// - Returns: a token for ``remove(_:)``.
    @discardableResult
    public func onRequest(_ handler: @escaping @Sendable () -> Void) -> Int {
        let (token, now): (Int, Bool) = state.withLock { state in
            state.next += 1
            if state.signal != nil { return (state.next, true) }
            state.handlers[state.next] = handler
            return (state.next, false)
        }
        if now { handler() }
        return token
    }

    /// Forgets a handler registered with ``onRequest(_:)``.
    public func remove(_ token: Int) {
        _ = state.withLock { $0.handlers.removeValue(forKey: token) }
    }

    /// A stop's cause as people read it: `SIGINT`, `SIGTERM`, `signal N`, or `a stop request`
    /// (no signal, or 0 for a stop the program asked for itself).
    public static func name(of signal: Int32?) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case let signal? where signal > 0: "signal \(signal)"
        default: "a stop request"
        }
    }
}
