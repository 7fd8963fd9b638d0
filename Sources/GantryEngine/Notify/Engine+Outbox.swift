import Foundation
import GantryStore

extension Engine {
    /// The notification outbox, newest first: what was sent, what waits for another try and
    /// what was given up, with the last answer of each (`gantry notify list`).
    ///
    /// - Parameters:
    ///   - pipeline: only this pipeline's rows (a name, so a pipeline removed since still lists).
    ///   - state: only rows in this state.
    ///   - limit: at most this many rows.
    public func notificationOutbox(pipeline: String?, state: OutboxState?, limit: Int) throws(EngineError) -> [OutboxEntry] {
        try engineCall { try store.notifications(pipeline: pipeline, state: state, limit: limit) }
    }
}
