/// The one bounded-parallel walk over hosts.
///
/// Deployment batches, their rollback, the pre-flight, `gantry exec` and parity facts all reach
/// their hosts through it: at most `parallel` bodies run at once, and every host gets a result.
public enum HostWalk {
    /// Runs `body` for every host, at most `parallel` at once.
    ///
    /// - Returns: each host's result, by host name.
    public static func run<Result: Sendable>(_ hosts: [String], parallel: Int,
                                             _ body: @escaping @Sendable (String) async -> Result) async -> [String: Result] {
        await withTaskGroup(of: (String, Result).self) { group in
            var results: [String: Result] = [:]
            var pending = hosts[...]
            for _ in 0..<min(max(1, parallel), hosts.count) {
                if let host = pending.popFirst() { group.addTask { (host, await body(host)) } }
            }
            for await (host, result) in group {
                results[host] = result
                if let next = pending.popFirst() { group.addTask { (next, await body(next)) } }
            }
            return results
        }
    }
}
