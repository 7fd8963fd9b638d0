import Foundation
internal import GRDB

/// One migration file recorded as applied in an environment.
///
/// The first application is kept for good: a later deployment never rewrites who applied a file,
/// when, or with which checksum, so a file edited after it ran is caught by comparing checksums.
public struct MigrationLedgerEntry: Sendable, Equatable, Codable {
    /// The file name under `migrations.path`.
    public var name: String
    /// `sha256:<hex>` of the content with CRLF normalised to LF.
    public var checksum: String
    /// The artifact whose deployment applied it.
    public var artifactTag: String
    public var deploymentID: Int64
    public var appliedBy: String
    public var appliedAt: Date

    public init(name: String, checksum: String, artifactTag: String, deploymentID: Int64, appliedBy: String, appliedAt: Date) {
        self.name = name
        self.checksum = checksum
        self.artifactTag = artifactTag
        self.deploymentID = deploymentID
        self.appliedBy = appliedBy
        self.appliedAt = appliedAt
    }

    init(row: Row) {
        self.init(name: row["name"], checksum: row["checksum"], artifactTag: row["artifact_tag"],
                  deploymentID: row["deployment_id"], appliedBy: row["applied_by"], appliedAt: row["applied_at"])
    }
}
