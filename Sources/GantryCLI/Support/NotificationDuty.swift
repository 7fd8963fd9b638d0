import Foundation
import GantryEngine
import GantryStore
import Synchronization

/// The command line's part in delivering notifications: before the process exits, it sends what
/// is due in every store it wrote a notification to, for at most ``budget``.
///
/// Commands that wrote none (status, history, a push that maps to nothing) never wait on the
/// network. What is still undelivered then stays in the outbox for `gantry scheduler run`,
/// `gantry serve` or the next command that notifies; each such notification is named on stderr.
enum NotificationDuty {
    /// How long a command may spend delivering at its end.
    static let budget: Duration = .seconds(3)

    private static let opened = Mutex<[StateStore]>([])

    /// Remembers a store the command opened.
    static func watch(_ store: StateStore) {
        opened.withLock { $0.append(store) }
    }

    /// Delivers for every watched store that got new notifications; called once, as the command ends.
    static func deliver() async {
        let stores = opened.withLock { stores in
            defer { stores = [] }
            return stores.filter(\.wroteNotifications)
        }
        for store in stores {
            let attempts = await Engine(store: store, logger: OperatorLog.logger()).deliverNotifications(budget: budget)
            // The last attempt at each notification says where it stands.
            var last: [Int64: DeliveryAttempt] = [:]
            for attempt in attempts { last[attempt.id] = attempt }
            for attempt in last.values.sorted(by: { $0.id < $1.id }) where !attempt.delivered {
                Terminal.error("gantry: notification " + attempt.description + retryNote(attempt))
            }
        }
    }

    private static func retryNote(_ attempt: DeliveryAttempt) -> String {
        switch attempt.outcome {
        case .willRetry, .skipped: "; `gantry scheduler run`, `gantry serve` or the next command that notifies sends it"
        default: ""
        }
    }
}
