import Dispatch
import Foundation
import GantryEngine
import GantryShell

/// SIGINT and SIGTERM for commands that change hosts: the first asks the run to stop cleanly,
/// the second exits at once.
///
/// The first signal sets the engine's ``Interruption``: no new step or attempt starts, running
/// remote commands are stopped, `rollback:` runs on the hosts already changed, the deployment is
/// recorded `aborted` with its step results and the lock is released; the command then exits
/// 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once with that status, leaving the
/// lock to the takeover rule (its heartbeat stops, so another run takes it over within 30 s).
// `@unchecked`: Dispatch does not mark its sources Sendable; they are set once here and never changed.
final class SignalTrap: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    /// Installs the trap for the rest of the process; `onFirst` says what is happening.
    @discardableResult
    static func install(_ interruption: Interruption,
                        onFirst: @escaping @Sendable (Int32) -> Void = SignalTrap.announce) -> SignalTrap {
        SignalTrap(interruption, onFirst: onFirst)
    }

    private init(_ interruption: Interruption, onFirst: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "gantry.signals")
        sources = [SIGINT, SIGTERM].map { number in
            // Ignored as a process signal, delivered to the dispatch source instead.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                // Signals that arrive together are delivered as one event with their count.
                let first = interruption.request(signal: number)
                if first && source.data < 2 {
                    onFirst(number)
                } else {
                    _exit(ExitStatus(signal: number).rawValue)
                }
            }
            source.resume()
            return source
        }
        Self.keep.withLock { $0.append(self) }
    }

    /// The line a person sees after the first signal.
    static func announce(_ signal: Int32) {
        let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        Terminal.error("gantry: \(name) received: stopping remote commands, rolling back the hosts already changed "
            + "and recording the deployment as aborted (send it again to exit at once)")
    }

    /// Traps live as long as the process.
    private static let keep = Locked<[SignalTrap]>([])
}
