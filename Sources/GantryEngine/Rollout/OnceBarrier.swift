/// Lets one host run a `run_once` step while the others wait for its result.
///
/// A `run_once` step runs on the first host of the deployment only, before any host goes past
/// it. The first host runs it; every other host awaits the outcome and stops if it failed.
/// Whatever happens to the first host (its connection breaks, a step before fails, a signal
/// stops it), ``abandon()`` releases every waiter, so no host waits for ever.
actor OnceBarrier {
    private var results: [String: Bool] = [:]
    private var waiters: [String: [CheckedContinuation<Bool, Never>]] = [:]
    private var abandoned = false

    /// Records the outcome of step `name` and wakes the hosts waiting for it.
    func finish(_ name: String, succeeded: Bool) {
        guard results[name] == nil else { return }
        results[name] = succeeded
        for waiter in waiters.removeValue(forKey: name) ?? [] { waiter.resume(returning: succeeded) }
    }

    /// The first host is done: every step it did not finish counts as failed, now and later.
    func abandon() {
        abandoned = true
        for (name, list) in waiters {
            results[name] = results[name] ?? false
            for waiter in list { waiter.resume(returning: false) }
        }
        waiters = [:]
    }

    /// Waits until step `name` has finished on the first host; true when it succeeded.
    func wait(for name: String) async -> Bool {
        if let done = results[name] { return done }
        if abandoned { return false }
        return await withCheckedContinuation { waiters[name, default: []].append($0) }
    }
}
