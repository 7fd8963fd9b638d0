import Foundation

/// What an environment looks like at one moment: the artifact it runs, its configuration keys,
/// its migration ledger and its facts (read on its first host).
///
/// A receipt is a snapshot taken when an artifact succeeded; `gantry parity` takes fresh ones.
/// It is stored as JSON, so its field names stay stable.
public struct EnvironmentSnapshot: Sendable, Codable, Equatable {
    /// A var with its effective value in the environment.
    public struct Variable: Sendable, Codable, Equatable {
        public var name: String
        public var value: String
    }

    /// One applied migration file.
    public struct AppliedMigration: Sendable, Codable, Equatable {
        public var name: String
        public var checksum: String
    }

    public var environment: String
    /// The artifact tag the environment runs (its last successful deployment), if any.
    public var artifact: String?
    /// The host the facts were read on.
    public var host: String?
    public var vars: [Variable]
    /// Secret names that have a value for the environment (values are never kept).
    public var secrets: [String]
    /// The migration ledger, in natural order.
    public var ledger: [AppliedMigration]
    /// Facts in the pipeline's order.
    public var facts: [FactValue]
    public var takenAt: Date

    public func fact(_ name: String) -> FactValue? { facts.first { $0.name == name } }

    /// The applied file that sorts last, if any.
    public var ledgerHead: String? { ledger.last?.name }
}

extension EnvironmentSnapshot {
    /// The stored form of a receipt.
    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads a stored receipt.
    static func decode(_ text: String) throws -> EnvironmentSnapshot {
        try JSONDecoder().decode(EnvironmentSnapshot.self, from: Data(text.utf8))
    }
}
