import GantryStore

/// An artifact's migration files judged against an environment's ledger, like Flyway's validate.
///
/// Pure: the ledger and the files go in, the pending files and every problem come out.
public struct MigrationCheck: Sendable, Equatable {
    /// An applied file whose content is different in the artifact.
    public struct Changed: Sendable, Equatable, Codable {
        public var name: String
        public var applied: String
        public var now: String
    }

    /// Files of the artifact not in the ledger, in natural order.
    public var pending: [MigrationFile]
    public var changed: [Changed]
    /// Pending files that sort before the last applied one (empty when `out_of_order: allow`).
    public var outOfOrder: [MigrationFile]
    /// Applied files the artifact no longer has.
    public var missing: [MigrationLedgerEntry]

    /// - Parameters:
    ///   - ledger: what ran in the environment.
    ///   - files: the artifact's files.
    ///   - allowOutOfOrder: `migrations.out_of_order: allow`.
    public init(ledger: [MigrationLedgerEntry], files: [MigrationFile], allowOutOfOrder: Bool) {
        let applied = Dictionary(ledger.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let present = Set(files.map(\.name))
        let sorted = files.sorted { NaturalOrder.less($0.name, $1.name) }
        let last = NaturalOrder.sorted(Array(applied.keys)).last
        let waiting = sorted.filter { applied[$0.name] == nil }
        pending = waiting
        changed = sorted.compactMap { file in
            guard let entry = applied[file.name], entry.checksum != file.checksum else { return nil }
            return Changed(name: file.name, applied: entry.checksum, now: file.checksum)
        }
        missing = ledger.filter { !present.contains($0.name) }.sorted { NaturalOrder.less($0.name, $1.name) }
        outOfOrder = allowOutOfOrder ? [] : waiting.filter { file in last.map { NaturalOrder.less(file.name, $0) } ?? false }
        lastApplied = last
    }

    /// The applied file that sorts last (the ledger's head), if any.
    public var lastApplied: String?

    /// Whether a deployment of this artifact must be refused (or warned about, for a rollback).
    public var hasProblems: Bool { !changed.isEmpty || !outOfOrder.isEmpty || !missing.isEmpty }

    /// One sentence per problem, naming the files.
    public var problems: [String] {
        var lines: [String] = []
        for file in changed {
            lines.append("\(file.name) changed after it was applied (applied \(Self.short(file.applied)), now \(Self.short(file.now)))")
        }
        if !outOfOrder.isEmpty {
            lines.append("out of order: " + outOfOrder.map(\.name).joined(separator: ", ")
                + " sort\(outOfOrder.count == 1 ? "s" : "") before \(lastApplied ?? ""), which was already applied")
        }
        if !missing.isEmpty {
            lines.append("applied but missing from the artifact: " + missing.map(\.name).joined(separator: ", "))
        }
        return lines
    }

    /// `sha256:1a2b3c4d5e6f`: enough to tell two checksums apart in a message.
    static func short(_ checksum: String) -> String { String(checksum.prefix(19)) }
}
