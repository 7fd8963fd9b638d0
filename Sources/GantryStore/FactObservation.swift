import Foundation
internal import GRDB

/// One fact as read on one host, by `gantry parity`, `gantry verify` or a receipt.
public struct FactObservation: Sendable, Equatable {
    /// Which command read it.
    public enum Source: String, Sendable, Codable {
        case parity, verify, receipt
    }

    public var environment: String
    public var host: String
    public var fact: String
    /// `sha256:<hex>` of the normalised, masked output (with the exit status when it failed).
    public var digest: String
    /// The normalised output with secrets masked, cut to a length fit for display.
    public var output: String
    /// nil when the command did not run to an exit status (unreachable, killed).
    public var exitStatus: Int32?
    public var source: Source
    public var observedAt: Date

    public init(environment: String, host: String, fact: String, digest: String, output: String, exitStatus: Int32?,
                source: Source, observedAt: Date) {
        self.environment = environment
        self.host = host
        self.fact = fact
        self.digest = digest
        self.output = output
        self.exitStatus = exitStatus
        self.source = source
        self.observedAt = observedAt
    }

    init(row: Row) throws {
        self.init(environment: row["environment"], host: row["host"], fact: row["fact"], digest: row["digest"],
                  output: row["output"], exitStatus: row["exit_status"], source: try row.decode("source"),
                  observedAt: row["observed_at"])
    }
}

extension StateStore {
    /// Stores fact observations of one run in one transaction.
    public func recordFactObservations(_ observations: [FactObservation], pipeline: String) throws {
        guard !observations.isEmpty else { return }
        try write("recording facts of \(pipeline)") { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO fact_observation (pipeline, environment, host, fact, digest, output, exit_status, source, observed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for item in observations {
                try statement.execute(arguments: [pipeline, item.environment, item.host, item.fact, item.digest, item.output,
                                                  item.exitStatus, item.source.rawValue, item.observedAt])
            }
        }
    }

    /// The observations of `environment` made at or after `since`, each (host, fact)'s last one
    /// before it first (the value a change is measured from), oldest first.
    public func factObservations(pipeline: String, environment: String, since: Date) throws -> [FactObservation] {
        try read("reading the fact history of \(pipeline)/\(environment)") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM fact_observation
                WHERE pipeline = ?1 AND environment = ?2 AND (observed_at >= ?3 OR id IN (
                    SELECT MAX(id) FROM fact_observation
                    WHERE pipeline = ?1 AND environment = ?2 AND observed_at < ?3 GROUP BY host, fact))
                ORDER BY observed_at, id
                """, arguments: [pipeline, environment, since]).map(FactObservation.init(row:))
        }
    }

    /// The newest observation of each fact on `host` of `environment`, whichever command read it.
    public func latestFactObservations(pipeline: String, environment: String, host: String) throws -> [FactObservation] {
        try read("reading the last facts of \(pipeline)/\(environment)") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM fact_observation WHERE id IN (
                    SELECT MAX(id) FROM fact_observation WHERE pipeline = ? AND environment = ? AND host = ? GROUP BY fact)
                ORDER BY id
                """, arguments: [pipeline, environment, host]).map(FactObservation.init(row:))
        }
    }
}
