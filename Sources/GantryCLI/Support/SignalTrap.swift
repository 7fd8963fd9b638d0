import Dispatch
import Foundation
import GantryEngine
import Synchronization

/// SIGINT and SIGTERM as a stop request: the first asks the work in progress to stop cleanly,
/// a second one exits at once.
///
/// Each signal is ignored at the process level (`SIG_IGN`, so the default action never kills
/// the process mid-write) and delivered instead to a dispatch source on a private serial queue.
/// On the first one the trap calls `onFirst` (by default a line on stderr saying what happens
/// next) and then `interruption.request(signal:)`, which
/// wakes whatever waits on it (a sleeping scheduler; a deployment, which stops its remote
/// commands, rolls back the hosts already changed, records `aborted` and releases its lock). On
/// any later one — or two delivered together — it writes a line to stderr and exits at once with
/// 128 + the signal (130 for SIGINT, 143 for SIGTERM).
///
/// ```swift
/// let interruption = Interruption()
/// SignalTrap.install(interruption) { signal in log.line("SIGTERM received; stopping") }
/// let engine = Engine(store: store, interruption: interruption)
/// ```
// `@unchecked`: Dispatch does not mark its sources Sendable; they are set once here and never changed.
final class SignalTrap: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    /// Installs the trap for the rest of the process.
    ///
    /// - Parameters:
    ///   - interruption: receives the stop request on the first signal.
    ///   - onFirst: called on the trap's queue on the first signal, just before the stop is
    ///     requested, so what it prints comes before anything the stopped work prints.
    @discardableResult
    static func install(_ interruption: Interruption,
                        onFirst: @escaping @Sendable (Int32) -> Void = SignalTrap.announce) -> SignalTrap {
        SignalTrap(interruption, onFirst: onFirst)
    }

    private init(_ interruption: Interruption, onFirst: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "gantry.signals")
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            // Both sources share one serial queue, so this check cannot race with another signal.
            source.setEventHandler {
                // Signals that arrive together are delivered as one event with their count.
                if !interruption.isRequested && source.data < 2 {
                    onFirst(number)
                    interruption.request(signal: number)
                } else {
                    let line = "gantry: \(Interruption.name(of: number)) again: exiting at once\n"
                    _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
                    _exit(128 + number)
                }
            }
            source.resume()
            return source
        }
        Self.installed.withLock { $0.append(self) }
    }

    /// What a person sees after the first signal during a deployment-like command.
    static func announce(_ signal: Int32) {
        Terminal.error("gantry: \(Interruption.name(of: signal)) received: stopping remote commands, rolling back the hosts already "
            + "changed and recording the deployment as aborted (send it again to exit at once)")
    }


    /// Traps live as long as the process.
    private static let installed = Mutex<[SignalTrap]>([])
}
