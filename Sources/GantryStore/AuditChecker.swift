import Foundation

/// Walks the audit chain in id order and says where, and why, it first breaks.
struct AuditChecker {
    private(set) var count: Int64 = 0
    private var lastHash = AuditChain.genesis
    private var hashBeforeLast = AuditChain.genesis
    private var lastID: Int64 = 0

    /// Checks the next event; returns the break it reveals, if any.
    mutating func check(_ event: AuditEvent) -> AuditBreak? {
        let expectedID = lastID + 1
        if event.id != expectedID {
            return AuditBreak(eventID: expectedID, reason: .removed,
                              detail: "event #\(expectedID) is missing (the next one is #\(event.id))")
        }
        if event.previousHash != lastHash {
            // It chains to the event before the last one: the last one was slipped in between.
            if lastID > 0 && event.previousHash == hashBeforeLast {
                return AuditBreak(eventID: lastID, reason: .inserted,
                                  detail: "event #\(lastID) was inserted: #\(event.id) chains from the event before it")
            }
            return AuditBreak(eventID: event.id, reason: .removed,
                              detail: "event #\(event.id) does not chain from #\(lastID): events before it were removed or replaced")
        }
        let recomputed = AuditChain.hash(id: event.id, timestamp: event.timestamp, entry: event.entry,
                                         previousHash: event.previousHash)
        if recomputed != event.hash {
            return AuditBreak(eventID: event.id, reason: .edited,
                              detail: "event #\(event.id)'s fields do not match its hash (it was edited)")
        }
        hashBeforeLast = lastHash
        lastHash = event.hash
        lastID = event.id
        count += 1
        return nil
    }

    /// Compares the verified chain's end with the head kept outside the database.
    func compare(with head: AuditHead?) -> AuditBreak? {
        guard let head else {
            if count == 0 { return nil }
            return AuditBreak(eventID: lastID, reason: .headMismatch,
                              detail: "the audit head file is missing but the log has \(count) events")
        }
        if head.count > count {
            return AuditBreak(eventID: count + 1, reason: .removed,
                              detail: "the head records \(head.count) events but the log ends at #\(count): the newest were removed")
        }
        if head.count < count {
            return AuditBreak(eventID: head.count + 1, reason: .inserted,
                              detail: "the head records \(head.count) events but the log has \(count): events after #\(head.count) were added outside Gantry")
        }
        if head.hash != lastHash {
            return AuditBreak(eventID: lastID, reason: .headMismatch,
                              detail: "the last event's hash differs from the one in the head file")
        }
        return nil
    }
}
