/// How a rollout walks its hosts.
public struct RolloutOptions: Sendable, Hashable {
    /// At most this many hosts at once (within a batch). SPEC default: 10.
    public var parallel: Int
    /// Hosts per batch; `nil` means all hosts in one batch. (A percentage is resolved by the caller.)
    public var batchSize: Int?
    /// Stop after the first batch in which a host failed or was unreachable.
    public var haltOnFailure: Bool

    /// Creates options.
    public init(parallel: Int = 10, batchSize: Int? = nil, haltOnFailure: Bool = true) {
        self.parallel = max(1, parallel)
        self.batchSize = batchSize.map { max(1, $0) }
        self.haltOnFailure = haltOnFailure
    }
}

/// What a per-host step says about its host.
public enum StepVerdict: Sendable, Hashable {
    case success
    /// The step ran and failed (a business failure, e.g. a non-zero exit), with the reason.
    case failure(String)
}

/// What happened on one host.
public enum HostOutcome: Sendable {
    case succeeded
    /// The step ran and failed, or the connection broke while it ran.
    case failed(reason: String)
    /// Gantry could not connect or log in (infrastructure).
    case unreachable(SSHError)
    /// The rollout halted before reaching this host.
    case untouched
}

/// The outcome of a rollout, host by host, in the order the hosts were given.
public struct RolloutReport: Sendable {
    /// Every host with its outcome, in input order.
    public let outcomes: [(host: String, outcome: HostOutcome)]
    /// The 1-based batch after which the rollout halted, if it did.
    public let haltedAfterBatch: Int?

    /// Hosts where the step succeeded.
    public var succeeded: [String] { outcomes.filter { if case .succeeded = $0.outcome { true } else { false } }.map(\.host) }
    /// Hosts where the step failed, with why.
    public var failed: [(host: String, reason: String)] {
        outcomes.compactMap { if case .failed(let reason) = $0.outcome { ($0.host, reason) } else { nil } }
    }
    /// Hosts Gantry could not reach, with the error.
    public var unreachable: [(host: String, error: SSHError)] {
        outcomes.compactMap { if case .unreachable(let error) = $0.outcome { ($0.host, error) } else { nil } }
    }
    /// Hosts never touched because the rollout halted.
    public var untouched: [String] { outcomes.filter { if case .untouched = $0.outcome { true } else { false } }.map(\.host) }
    /// True when every host succeeded.
    public var allSucceeded: Bool { succeeded.count == outcomes.count }
    /// True when a host was unreachable (the CLI maps that to exit 4).
    public var hasInfrastructureFailure: Bool { !unreachable.isEmpty }
}

/// Rolling, bounded-parallel execution of a per-host step.
public enum Rollout {
    /// Runs `step` on every host in rolling batches.
    ///
    /// Within a batch at most `options.parallel` hosts run at once. When a batch has a failed or
    /// unreachable host and `haltOnFailure` is set, later batches are not started and their hosts
    /// are reported untouched. Connections come from `pool`, so later steps reuse them.
    ///
    /// - Parameters:
    ///   - hosts: the targets, in rollout order.
    ///   - options: parallelism, batch size, halting.
    ///   - pool: where connections are taken from (and left for the next step).
    ///   - step: the work on one host; throwing counts as a failure with the error as reason.
    public static func run(
        hosts: [SSHTarget], options: RolloutOptions = RolloutOptions(), pool: SSHConnectionPool,
        step: @escaping @Sendable (SSHConnection) async throws -> StepVerdict
    ) async -> RolloutReport {
        var outcomes = [HostOutcome](repeating: .untouched, count: hosts.count)
        let batchSize = options.batchSize ?? max(1, hosts.count)
        var halted: Int?
        var batchNumber = 0
        for batchStart in stride(from: 0, to: hosts.count, by: batchSize) {
            batchNumber += 1
            let indices = Array(batchStart..<min(batchStart + batchSize, hosts.count))
            let results = await runBatch(indices, hosts: hosts, parallel: options.parallel, pool: pool, step: step)
            var batchFailed = false
            for (index, outcome) in results {
                outcomes[index] = outcome
                if case .succeeded = outcome {} else { batchFailed = true }
            }
            if batchFailed && options.haltOnFailure {
                halted = batchNumber
                break
            }
        }
        return RolloutReport(outcomes: zip(hosts, outcomes).map { ($0.name, $1) }, haltedAfterBatch: halted)
    }

    /// Runs one shell command on every host; the step fails on a non-zero exit, signal or timeout.
    ///
    /// - Parameters:
    ///   - command: the shell command line.
    ///   - timeout: per-command limit; `nil` uses each target's `commandTimeout`.
    ///   - onLine: receives each output line with its host's name, as it arrives.
    /// - Returns: the report and each host's ``CommandResult`` by host name.
    public static func runCommand(
        _ command: String, on hosts: [SSHTarget], options: RolloutOptions = RolloutOptions(),
        pool: SSHConnectionPool, timeout: Duration? = nil,
        onLine: (@Sendable (String, OutputLine) -> Void)? = nil
    ) async -> (report: RolloutReport, results: [String: CommandResult]) {
        let collected = ResultBox()
        let report = await run(hosts: hosts, options: options, pool: pool) { connection in
            let host = connection.target.name
            var forward: (@Sendable (OutputLine) -> Void)?
            if let onLine { forward = { line in onLine(host, line) } }
            let result = try await connection.run(command, timeout: timeout, onLine: forward)
            await collected.set(host, result)
            return result.succeeded ? .success : .failure(result.failureSummary)
        }
        let results = await collected.results
        return (report, results)
    }

    private static func runBatch(
        _ indices: [Int], hosts: [SSHTarget], parallel: Int, pool: SSHConnectionPool,
        step: @escaping @Sendable (SSHConnection) async throws -> StepVerdict
    ) async -> [(Int, HostOutcome)] {
        await withTaskGroup(of: (Int, HostOutcome).self) { group in
            var pending = indices.makeIterator()
            var results: [(Int, HostOutcome)] = []
            func startNext() -> Bool {
                guard let index = pending.next() else { return false }
                let target = hosts[index]
                group.addTask { (index, await runOne(target, pool: pool, step: step)) }
                return true
            }
            for _ in 0..<parallel where !startNext() { break }
            while let result = await group.next() {
                results.append(result)
                _ = startNext()
            }
            return results
        }
    }

    private static func runOne(
        _ target: SSHTarget, pool: SSHConnectionPool,
        step: @Sendable (SSHConnection) async throws -> StepVerdict
    ) async -> HostOutcome {
        let connection: SSHConnection
        do {
            connection = try await pool.connection(to: target)
        } catch let error as SSHError {
            return .unreachable(error)
        } catch {
            return .unreachable(SSHError(.protocolFailure, host: target.name, operation: "connect", message: "\(error)"))
        }
        do {
            switch try await step(connection) {
            case .success: return .succeeded
            case .failure(let reason): return .failed(reason: reason)
            }
        } catch let error as SSHError {
            // A broken connection must not be handed to the next step.
            await pool.discard(target)
            return .failed(reason: error.description)
        } catch {
            return .failed(reason: "\(error)")
        }
    }
}

/// Collects per-host results from concurrent steps.
private actor ResultBox {
    var results: [String: CommandResult] = [:]
    func set(_ host: String, _ result: CommandResult) { results[host] = result }
}
