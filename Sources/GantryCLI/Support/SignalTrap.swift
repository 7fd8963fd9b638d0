import Dispatch
import Foundation
import GantryEngine

/// SIGINT and SIGTERM as a stop request: the first asks the work in progress to stop cleanly,
/// a second one exits at once.
///
/// Each signal is ignored at the process level (`SIG_IGN`, so the default action never kills
/// the process mid-write) and delivered instead to a dispatch source on a private queue. On the
/// first one the trap calls `onFirst` and then `interruption.request(signal:)` (which wakes
/// whatever waits on it: a sleeping scheduler, a deployment that stops its remote commands and
/// rolls back); on any later one it writes a line to stderr and `_exit`s with 128 + the signal.
///
/// Usage: create it before the work starts, keep it alive while the work runs, `cancel()` after:
/// ```swift
/// let interruption = Interruption()
/// let trap = SignalTrap(interruption: interruption) { signal in Terminal.error("stopping…") }
/// defer { trap.cancel() }
/// let engine = try context.engine(interruption: interruption)
/// …
/// if let code = SignalTrap.exitCode(for: interruption) { … }   // 130 after SIGINT, 143 after SIGTERM
/// ```
final class SignalTrap {
    private let sources: [DispatchSourceSignal]
    private let signals: [Int32]

    /// Starts trapping `signals`.
    ///
    /// - Parameters:
    ///   - interruption: receives the stop request on the first signal.
    ///   - signals: SIGINT and SIGTERM by default.
    ///   - onFirst: called on the trap's queue on the first signal, just before the stop is requested.
    init(interruption: Interruption, signals: [Int32] = [SIGINT, SIGTERM],
         onFirst: @escaping @Sendable (Int32) -> Void = { _ in }) {
        let queue = DispatchQueue(label: "gantry.signals")
        self.signals = signals
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            // Every source uses one serial queue, so this check cannot race with another signal.
            source.setEventHandler {
                if !interruption.isRequested {
                    // Said first, so the line comes before whatever the woken work logs.
                    onFirst(number)
                    interruption.request(signal: number)
                } else {
                    let line = "gantry: \(Self.name(of: number)) again: exiting at once\n"
                    _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
                    _exit(128 + number)
                }
            }
            source.resume()
            return source
        }
    }

    /// Stops trapping; the signals get their default action back.
    func cancel() {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }

    /// 128 + the signal that requested a stop (130 for SIGINT, 143 for SIGTERM), nil when no signal did.
    static func exitCode(for interruption: Interruption) -> Int32? {
        guard let number = interruption.signal, number > 0 else { return nil }
        return 128 + number
    }

    /// `SIGINT`, `SIGTERM`, or `signal N`.
    static func name(of number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(number)"
        }
    }
}
