/// Lets one host run a `run_once` step while the others wait for its result.
///
/// SPEC: a `run_once` step runs on the first host of the deployment only, before any host goes
/// past it. The first host to reach the step (the first of the rollout order) runs it; every
/// other host awaits the outcome and stops if it failed.
actor OnceBarrier {
    private var results: [String: Bool] = [:]
    private var waiters: [String: [CheckedContinuation<Bool, Never>]] = [:]

    /// Records the outcome of step `name` and wakes the hosts waiting for it.
    func finish(_ name: String, succeeded: Bool) {
        results[name] = succeeded
        for waiter in waiters.removeValue(forKey: name) ?? [] { waiter.resume(returning: succeeded) }
    }

    /// Waits until step `name` has finished on the first host; true when it succeeded.
    func wait(for name: String) async -> Bool {
        if let done = results[name] { return done }
        return await withCheckedContinuation { waiters[name, default: []].append($0) }
    }
}
