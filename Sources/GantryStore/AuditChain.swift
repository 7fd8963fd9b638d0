import Foundation
import Crypto
internal import GRDB

/// The audit log's hash chain: canonical encoding, hashing, appending and the head file.
enum AuditChain {
    /// What the first event chains from.
    static let genesis = String(repeating: "0", count: 64)

    /// The bytes an event's hash covers.
    ///
    /// Every field is length-prefixed (and `nil` distinct from empty), so no two different events
    /// encode the same, whatever characters their fields contain. The id is included so that
    /// renumbering events breaks their hashes too.
    static func canonical(id: Int64, timestamp: String, entry: AuditEntry, previousHash: String) -> Data {
        let fields: [String?] = ["gantry-audit-v1", String(id), timestamp, entry.actor, entry.action, entry.pipeline,
                                 entry.environment, entry.artifact, entry.outcome, entry.details, previousHash]
        var text = ""
        for field in fields {
            if let field {
                text += "+\(field.utf8.count):\(field)\n"
            } else {
                text += "-\n"
            }
        }
        return Data(text.utf8)
    }

    static func hash(id: Int64, timestamp: String, entry: AuditEntry, previousHash: String) -> String {
        SHA256.hash(data: canonical(id: id, timestamp: timestamp, entry: entry, previousHash: previousHash))
            .map { String(format: "%02x", $0) }.joined()
    }

    /// Appends `entry` inside the caller's write transaction and returns the new head.
    static func append(_ entry: AuditEntry, in db: Database) throws -> AuditHead {
        let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1")
        let id: Int64 = (last?["id"] ?? 0) + 1
        let previous: String = last?["hash"] ?? genesis
        let timestamp = StoreTime.text(entry.at)
        let digest = hash(id: id, timestamp: timestamp, entry: entry, previousHash: previous)
        try db.execute(sql: """
            INSERT INTO audit_event (id, at, actor, action, pipeline, environment, artifact, outcome, details, previous_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, timestamp, entry.actor, entry.action, entry.pipeline, entry.environment, entry.artifact,
                             entry.outcome, entry.details, previous, digest])
        return AuditHead(count: id, hash: digest)
    }

    /// Replaces the head file atomically: a reader sees the old head or the new one, never half.
    static func writeHead(_ head: AuditHead, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(head) + Data("\n".utf8) } catch {
            throw StoreError.database(context: "encoding the audit head", message: "\(error)")
        }
        try AtomicFile.replace(path, with: Array(data), what: "writing the audit head")
    }

    /// Reads the head file; `nil` when it does not exist.
    static func readHead(at path: String) throws -> AuditHead? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError.database(context: "reading the audit head",
                                      message: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        do {
            return try JSONDecoder().decode(AuditHead.self, from: data)
        } catch {
            throw StoreError.database(context: "reading the audit head \(path)", message: "not a valid head file")
        }
    }
}
