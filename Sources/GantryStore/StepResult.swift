import Foundation
internal import GRDB

/// The result of one attempt of one step on one host.
public struct StepResult: Sendable, Equatable, Codable {
    public var deploymentID: Int64
    public var host: String
    public var step: String
    /// 1 for the first attempt; `retries: N` allows up to N+1.
    public var attempt: Int
    /// The remote exit status; `nil` when the command never ran to an exit (timeout, connection lost).
    public var exitStatus: Int32?
    public var startedAt: Date
    public var finishedAt: Date
    /// A short word for how it went (`succeeded`, `failed`, `errored`, `skipped`, `timed-out`…).
    public var outcome: String
    /// The step's output, already masked by the caller: secrets never reach the store.
    public var output: String

    public init(deploymentID: Int64, host: String, step: String, attempt: Int = 1, exitStatus: Int32?,
                startedAt: Date, finishedAt: Date, outcome: String, output: String) {
        self.deploymentID = deploymentID
        self.host = host
        self.step = step
        self.attempt = attempt
        self.exitStatus = exitStatus
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.output = output
    }

    init(row: Row) {
        self.init(deploymentID: row["deployment_id"], host: row["host"], step: row["step"], attempt: row["attempt"],
                  exitStatus: row["exit_status"], startedAt: row["started_at"], finishedAt: row["finished_at"],
                  outcome: row["outcome"], output: row["output"])
    }
}

extension StateStore {
    /// Appends one step result to a deployment's log.
    public func appendStepResult(_ result: StepResult) throws {
        try write("recording step \(result.step) on \(result.host) for deployment #\(result.deploymentID)") { db in
            try db.execute(sql: """
                INSERT INTO step_result (deployment_id, host, step, attempt, exit_status, started_at, finished_at, outcome, output)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [result.deploymentID, result.host, result.step, result.attempt, result.exitStatus,
                                 result.startedAt, result.finishedAt, result.outcome, result.output])
        }
    }

    /// A deployment's step results in the order they were recorded (`gantry logs ID`).
    public func stepResults(deploymentID: Int64) throws -> [StepResult] {
        try read("reading the log of deployment #\(deploymentID)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM step_result WHERE deployment_id = ? ORDER BY id",
                             arguments: [deploymentID]).map(StepResult.init(row:))
        }
    }
}
