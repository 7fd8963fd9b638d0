import Logging

/// Keeps one connection per host so the steps of a deployment reuse them.
///
/// Concurrent requests for the same host share one connection attempt. A failed attempt is not
/// cached: the next request tries again.
public actor SSHConnectionPool {
    private var connections: [String: Task<SSHConnection, any Error>] = [:]
    private let logger: Logger

    /// Creates an empty pool.
    public init(logger: Logger = Logger(label: "gantry.ssh")) {
        self.logger = logger
    }

    /// The pooled connection for `target`, connecting on first use.
    ///
    /// - Throws: ``SSHError`` when connecting fails.
    public func connection(to target: SSHTarget) async throws -> SSHConnection {
        let key = target.poolKey
        if let existing = connections[key] { return try await existing.value }
        let logger = self.logger
        let task = Task { try await SSHConnection.connect(to: target, logger: logger) }
        connections[key] = task
        do {
            return try await task.value
        } catch {
            connections[key] = nil
            throw error
        }
    }

    /// Drops a host's connection (for example after a channel failure) so the next use reconnects.
    public func discard(_ target: SSHTarget) async {
        guard let task = connections.removeValue(forKey: target.poolKey) else { return }
        (try? await task.value)?.close()
    }

    /// Closes every connection.
    public func closeAll() async {
        let tasks = connections.values
        connections.removeAll()
        for task in tasks { (try? await task.value)?.close() }
    }
}
