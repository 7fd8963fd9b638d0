import Foundation
import Logging

/// The server's log: one line per decision (a delivery and what came of it, a reconcile that
/// found something, a refused request), with secret values masked.
struct ServerLog: Sendable {
    let logger: Logger
    let state: ServerState

    func line(_ text: String) {
        logger.notice("\(state.snapshot.masker.mask(text))")
    }
}
