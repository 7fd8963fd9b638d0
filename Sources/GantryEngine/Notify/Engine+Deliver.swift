import Foundation
import GantryStore

/// Delivering the notification outbox: whichever Gantry process runs sends what is due.
///
/// A process claims a row (a claim with its pid, host and a lease, one transaction), sends it
/// with its `Idempotency-Key`, then records the answer. Only the oldest pending row of each
/// (stream, URL) can be claimed, so the events of an environment reach each target in order.
/// A delivered row is never sent again. A process that dies between sending and recording
/// leaves its claim behind: the next process on the same host takes it over at once (the pid
/// is gone), elsewhere when the lease lapses, and sends the row again with the same key. That
/// window is the only way a receiver sees a notification twice, and the key lets it drop the
/// repeat. See docs/notifications.md.
extension Engine {
    /// Sends the notifications that are due, retrying failed ones while `budget` lasts.
    ///
    /// The command line calls this at its end with 3 s; `gantry serve` and `scheduler run` call
    /// ``notificationLoop(interruption:report:)`` instead. Nothing here throws: a store or
    /// network problem leaves the rows for the next process.
    ///
    /// - Returns: every attempt made, in order.
    @discardableResult
    public func deliverNotifications(budget: Duration) async -> [DeliveryAttempt] {
        let deadline = ContinuousClock.now + budget
        var unsendable: Set<Int64> = []
        var attempts: [DeliveryAttempt] = []
        while true {
            let made = await deliveryPass(until: deadline, unsendable: &unsendable)
            attempts += made
            // Wait only for retries of what this call tried: other rows are other processes' business.
            let retries = made.compactMap { attempt -> Date? in
                if case let .willRetry(at, _) = attempt.outcome { return at }
                return nil
            }
            guard let next = retries.min() else { return attempts }
            let wait = next.timeIntervalSince(clock.now())
            let left = ContinuousClock.now.duration(to: deadline).seconds
            guard wait < left - 0.1 else { return attempts }
            if wait > 0 { try? await Task.sleep(for: .milliseconds(Int64(wait * 1000) + 5)) }
        }
    }

    /// Keeps sending notifications until `interruption` asks to stop: every row as it becomes
    /// due, new rows from other processes within about a second.
    ///
    /// A stop lets the attempts in flight finish (each is bounded by the request timeout) and
    /// starts no new one.
    ///
    /// - Parameter report: receives each attempt, for the log.
    public func notificationLoop(interruption stop: Interruption,
                                 report: @Sendable (DeliveryAttempt) -> Void = { _ in }) async {
        var unsendable: Set<Int64> = []
        var forgetAt = ContinuousClock.now + .seconds(60)
        while !stop.isRequested {
            if ContinuousClock.now >= forgetAt {
                // A secret may have been added to this process's secrets file meanwhile.
                unsendable = []
                forgetAt = ContinuousClock.now + .seconds(60)
            }
            // Claiming takes the store's write lock: only try when something is due.
            if let due = (try? store.nextNotificationDue()).flatMap({ $0 }), due <= clock.now() {
                _ = await deliveryPass(until: nil, unsendable: &unsendable, stop: stop, report: report)
            }
            // What is due now and still pending could not be claimed (another sender has it, or
            // this process cannot send it): look again in a second, or when the next retry is due.
            let ahead = (try? store.nextNotificationDue()).flatMap { $0 }.map { $0.timeIntervalSince(clock.now()) } ?? 1
            await pause(seconds: ahead > 0 ? min(max(ahead, 0.05), 1) : 1, until: stop)
        }
    }

    /// Claims and sends what is due now until nothing claimable is left (or the deadline passes).
    ///
    /// - Parameters:
    ///   - until: a deadline for the whole pass; each attempt's timeout stays within it.
    ///   - unsendable: rows this process found it cannot send; they are left for others.
    ///   - only: just these rows, each tried once (`gantry notify test`).
    ///   - report: called with each attempt as soon as it is recorded.
    func deliveryPass(until deadline: ContinuousClock.Instant?, unsendable: inout Set<Int64>,
                      only: Set<Int64>? = nil, stop: Interruption? = nil,
                      report: (DeliveryAttempt) -> Void = { _ in }) async -> [DeliveryAttempt] {
        let claimant = OutboxClaimant(pid: getpid(), host: Identity.hostName())
        let sender = NotificationSender(settings: notifications, secrets: secrets)
        var attempts: [DeliveryAttempt] = []
        var tried: Set<Int64> = []
        while stop?.isRequested != true {
            var timeout = notifications.requestTimeout
            if let deadline {
                timeout = min(timeout, ContinuousClock.now.duration(to: deadline).seconds)
                if timeout < 0.1 { break }
            }
            let now = clock.now()
            let claims: [OutboxEntry]
            do {
                claims = try store.claimNotifications(now: now, by: claimant, lease: timeout + 5,
                                                      limit: max(notifications.parallel, 1),
                                                      excluding: unsendable.union(only == nil ? [] : tried), only: only)
            } catch {
                logger.warning("notifications: cannot claim from the outbox: \(error)")
                break
            }
            if claims.isEmpty { break }
            let (limit, final) = (timeout, only != nil)
            let results = await withTaskGroup(of: (OutboxEntry, OutboxResult).self) { group in
                for entry in claims {
                    group.addTask { [clock] in (entry, await sender.send(entry, clock: clock, timeout: limit, final: final)) }
                }
                var results: [(OutboxEntry, OutboxResult)] = []
                for await result in group { results.append(result) }
                return results.sorted { $0.0.id < $1.0.id }
            }
            for (entry, result) in results {
                tried.insert(entry.id)
                do {
                    try store.finishNotification(id: entry.id, by: claimant, result, now: clock.now())
                } catch {
                    logger.warning("notifications: cannot record how #\(entry.id) went: \(error)")
                }
                if case .skipped = result { unsendable.insert(entry.id) }
                let attempt = DeliveryAttempt(entry, result)
                report(attempt)
                attempts.append(attempt)
            }
        }
        return attempts
    }

    /// Sleeps for `seconds`, or until `stop` is requested.
    private func pause(seconds: TimeInterval, until stop: Interruption) async {
        guard seconds > 0, !stop.isRequested else { return }
        let sleeper = Task { try? await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
        let token = stop.onRequest { sleeper.cancel() }
        await sleeper.value
        stop.remove(token)
    }
}

extension DeliveryAttempt {
    init(_ entry: OutboxEntry, _ result: OutboxResult) {
        let outcome: Outcome
        var http: Int?
        switch result {
        case let .delivered(status): (outcome, http) = (.delivered(status: status), status)
        case let .retry(at, status, error): (outcome, http) = (.willRetry(at: at, reason: error), status)
        case let .failed(status, error): (outcome, http) = (.gaveUp(reason: error), status)
        case let .skipped(error): outcome = .skipped(reason: error)
        }
        self.init(id: entry.id, event: entry.message.event, pipeline: entry.message.pipeline,
                  environment: entry.message.environment, url: entry.message.url, attempt: entry.attempts, outcome: outcome,
                  httpStatus: http)
    }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    var seconds: TimeInterval { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
