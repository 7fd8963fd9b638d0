import Foundation
internal import GRDB

extension StateStore {
    /// Appends one audit event on its own (for actions that change nothing else: a refusal, an exec).
    ///
    /// Changes to records take their event through their `audit:` parameter instead, so both land
    /// in one transaction.
    @discardableResult
    public func appendAudit(_ entry: AuditEntry) throws -> AuditEvent {
        try write("appending to the audit log") { db in
            let head = try appendAudit(entry, in: db)
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM audit_event WHERE id = ?", arguments: [head.count]) else {
                throw StoreError.notFound("audit event #\(head.count)")
            }
            return AuditEvent(row: row)
        }
    }

    /// Audit events matching `filter`, oldest first (`gantry audit`).
    public func auditEvents(_ filter: AuditFilter = AuditFilter()) throws -> [AuditEvent] {
        try read("reading the audit log") { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            func add(_ column: String, _ op: String, _ value: (any DatabaseValueConvertible)?) {
                guard let value else { return }
                conditions.append("\(column) \(op) ?")
                arguments += [value]
            }
            add("pipeline", "=", filter.pipeline)
            add("environment", "=", filter.environment)
            add("actor", "=", filter.actor)
            add("action", "=", filter.action)
            add("at", ">=", filter.since.map(StoreTime.text))
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let limit = filter.limit.map { " LIMIT \(max(0, $0))" } ?? ""
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM audit_event \(whereClause) ORDER BY id DESC\(limit)",
                                        arguments: arguments)
            return rows.reversed().map(AuditEvent.init(row:))
        }
    }

    /// The head as recorded in the file beside the database (nil before the first event).
    public func auditHead() throws -> AuditHead? {
        try AuditChain.readHead(at: auditHeadPath)
    }

    /// Recomputes the whole chain and compares it with the head file.
    ///
    /// Runs under the write lock so that no event is appended between reading the chain and
    /// reading the head. Reports the first break only: what follows a break cannot be trusted.
    public func verifyAudit() throws -> AuditVerification {
        try write("verifying the audit log") { db in
            var checker = AuditChecker()
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_event ORDER BY id")
            while let row = try cursor.next() {
                if let found = checker.check(AuditEvent(row: row)) {
                    return AuditVerification(eventCount: try Self.auditCount(db), firstBreak: found)
                }
            }
            let head = try AuditChain.readHead(at: auditHeadPath)
            return AuditVerification(eventCount: checker.count, firstBreak: checker.compare(with: head))
        }
    }

    static func auditCount(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event") ?? 0
    }
}
