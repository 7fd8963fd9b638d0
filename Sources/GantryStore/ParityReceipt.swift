import Foundation
internal import GRDB

/// What an environment looked like when an artifact succeeded there.
///
/// The snapshot is the engine's own document (facts, configuration keys, migration ledger),
/// kept as text: the store does not interpret it. Secret values never reach it.
public struct ParityReceipt: Sendable, Equatable {
    public var id: Int64
    public var pipeline: String
    public var environment: String
    public var artifactTag: String
    public var deploymentID: Int64
    public var recordedAt: Date
    public var snapshot: String

    init(row: Row) {
        id = row["id"]
        pipeline = row["pipeline"]
        environment = row["environment"]
        artifactTag = row["artifact_tag"]
        deploymentID = row["deployment_id"]
        recordedAt = row["recorded_at"]
        snapshot = row["snapshot"]
    }
}

extension StateStore {
    /// Records the receipt of a successful deployment.
    @discardableResult
    public func recordReceipt(pipeline: String, environment: String, artifactTag: String, deploymentID: Int64,
                              at date: Date, snapshot: String) throws -> Int64 {
        try write("recording the parity receipt of \(artifactTag) in \(pipeline)/\(environment)") { db in
            try db.execute(sql: """
                INSERT INTO parity_receipt (pipeline, environment, artifact_tag, deployment_id, recorded_at, snapshot)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [pipeline, environment, artifactTag, deploymentID, date, snapshot])
            return db.lastInsertedRowID
        }
    }

    /// The latest receipt of `artifactTag` in `environment`, if it ever succeeded there with one.
    public func latestReceipt(pipeline: String, environment: String, artifactTag: String) throws -> ParityReceipt? {
        try read("reading the parity receipt of \(artifactTag) in \(pipeline)/\(environment)") { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM parity_receipt WHERE pipeline = ? AND environment = ? AND artifact_tag = ?
                ORDER BY id DESC LIMIT 1
                """, arguments: [pipeline, environment, artifactTag]).map(ParityReceipt.init(row:))
        }
    }
}
