import Foundation
import Testing
import GantryTestSupport

/// The migration ledger through the real binary: files read at the artifact's commit, checksums,
/// natural order and every refusal.
@Suite(.serialized) struct MigrationLedgerEndToEndTests {
    private func names(_ result: GantryBinary.Result, _ key: String) -> [String] {
        (ParityProject.json(result)[key] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    @Test func changedOutOfOrderAndRemovedFilesAreRefusedAndCRLFIsNotAChange() throws {
        let p = try ParityProject()
        let v1 = try p.release("items", files: ["db/migrations/V2__items.sql": "ALTER TABLE items ADD name text;\n"])
        let listed = try p.gantry("migrations", "shop", "development", "--artifact", v1, "--json")
        #expect(listed.status == 0)
        #expect(names(listed, "pending") == ["V1__init.sql", "V2__items.sql"])
        #expect(names(listed, "applied").isEmpty)
        #expect(try p.gantry("deploy", "shop", "development", "--artifact", v1).status == 0)
        let applied = try p.gantry("migrations", "shop", "development", "--json")
        #expect(names(applied, "applied") == ["V1__init.sql", "V2__items.sql"])
        let first = (ParityProject.json(applied)["applied"] as? [[String: Any]])?.first
        #expect(first?["applied_by"] as? String == p.sshd.user)
        #expect(first?["deployment_id"] as? Int == 1)
        #expect((first?["checksum"] as? String)?.hasPrefix("sha256:") == true)

        // CRLF line ends only: not a change.
        let crlf = try p.release("crlf", files: ["db/migrations/V1__init.sql": "CREATE TABLE items (id int);\r\n"])
        let sameSum = try p.gantry("deploy", "shop", "development", "--artifact", crlf)
        #expect(sameSum.status == 0, "\(sameSum.stderr)")

        // A changed applied file.
        let changed = try p.release("edit", files: ["db/migrations/V1__init.sql": "CREATE TABLE items (id bigint);\n"])
        let refused = try p.gantry("deploy", "shop", "development", "--artifact", changed)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("migrations: \(changed) does not match the migration ledger of development: V1__init.sql changed after it was applied"))
        #expect(refused.stderr.contains("restore the applied content of V1__init.sql"))
        #expect(try p.gantry("migrations", "shop", "development", "--artifact", changed).status == 3)

        // A new file that sorts before an applied one; allowed with out_of_order: allow.
        let early = try p.release("early", files: ["db/migrations/V1__init.sql": "CREATE TABLE items (id int);\n",
                                                   "db/migrations/V1_5__early.sql": "SELECT 1;\n"])
        let outOfOrder = try p.gantry("deploy", "shop", "development", "--artifact", early)
        #expect(outOfOrder.status == 3)
        #expect(outOfOrder.stderr.contains("out of order: V1_5__early.sql sorts before V2__items.sql, which was already applied"))
        p.migrations = "migrations: { path: db/migrations, out_of_order: allow }"
        try p.writePipeline()
        #expect(try p.gantry("deploy", "shop", "development", "--artifact", early).status == 0)

        // A file applied in the environment and missing from the artifact.
        let removed = try p.release("remove", removing: ["db/migrations/V2__items.sql"])
        let missing = try p.gantry("deploy", "shop", "development", "--artifact", removed)
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("applied but missing from the artifact: V2__items.sql"))
        #expect(missing.stderr.contains("put V2__items.sql back under db/migrations"))

        // A rollback to an artifact older than the ledger warns instead of refusing.
        let back = try p.gantry("rollback", "shop", "development", "--to", v1)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains("warning: rollback to \(v1), older than the ledger of development: applied but missing from the artifact: V1_5__early.sql"))
    }

    @Test func digitRunsSortAsNumbersSoV10FollowsV9() throws {
        let p = try ParityProject()
        let v1 = try p.release("many", files: ["db/migrations/V10__ten.sql": "SELECT 10;\n", "db/migrations/V2__two.sql": "SELECT 2;\n"])
        let listed = try p.gantry("migrations", "shop", "development", "--artifact", v1, "--json")
        #expect(names(listed, "pending") == ["V1__init.sql", "V2__two.sql", "V10__ten.sql"])
        #expect(try p.gantry("deploy", "shop", "development", "--artifact", v1).status == 0)
        // V9 sorts before the applied V10 by number (by plain text it would sort after it).
        let v2 = try p.release("nine", files: ["db/migrations/V9__nine.sql": "SELECT 9;\n"])
        let refused = try p.gantry("deploy", "shop", "development", "--artifact", v2)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("out of order: V9__nine.sql sorts before V10__ten.sql"))
        let v3 = try p.release("eleven", files: ["db/migrations/V11__eleven.sql": "SELECT 11;\n"], removing: ["db/migrations/V9__nine.sql"])
        #expect(try p.gantry("deploy", "shop", "development", "--artifact", v3).status == 0)
    }

    @Test func anUnknownEnvironmentOrArtifactIsAUsageError() throws {
        let p = try ParityProject()
        let environment = try p.gantry("migrations", "shop", "prodution")
        #expect(environment.status == 2 && environment.stderr.contains("pipeline 'shop' has no environment 'prodution'"),
                "\(environment.stderr)")
        #expect(environment.stderr.contains("did you mean 'production'?"), "\(environment.stderr)")
        let artifact = try p.gantry("migrations", "shop", "development", "--artifact", "v9.9.9")
        #expect(artifact.status == 2, "\(artifact.stdout)\(artifact.stderr)")
        #expect(artifact.stderr.contains("v9.9.9"), "the message names the artifact: \(artifact.stderr)")
    }

    @Test func planAndTheLedgerOfEachEnvironmentShowWhatIsPending() throws {
        let p = try ParityProject()
        let v1 = try p.build()
        try p.ship(v1, to: "staging")
        let v2 = try p.release("items", files: ["db/migrations/V2__items.sql": "ALTER TABLE items ADD name text;\n"])
        #expect(try p.gantry("deploy", "shop", "development", "--artifact", v2).status == 0)
        let plan = try p.gantry("plan", "shop", "staging")
        #expect(plan.stdout.contains("Migrations (db/migrations; 1 applied in staging)"), "\(plan.stdout)")
        #expect(plan.stdout.contains("pending for \(v2): V2__items.sql"))
        #expect(plan.stdout.contains("✓ migrations: 1 pending: V2__items.sql"))
        let text = try p.gantry("migrations", "shop", "staging")
        #expect(text.status == 0)
        #expect(text.stdout.contains("Pending for \(v2) (what development runs now):\n  V2__items.sql"))
        #expect(text.stdout.contains("  V2__items.sql"))
        #expect(text.stdout.contains("V1__init.sql  sha256:"))
        let promote = try p.gantry("promote", "shop", "staging")
        #expect(promote.status == 0)
        #expect(promote.stdout.contains("migration ledger of staging: applied V2__items.sql"))
        // A failed run whose migration step succeeded still records what the database applied.
        let none = try p.gantry("migrations", "shop", "staging", "--json")
        #expect(names(none, "pending").isEmpty)
        #expect(names(none, "applied") == ["V1__init.sql", "V2__items.sql"])
    }
}

/// Pending migrations on the screens people read before a promotion runs.
@Suite(.serialized) struct PendingMigrationsShownTests {
    @Test func thePromotionAndTheApproveScreenListThePendingFiles() throws {
        let p = try ParityProject()
        p.production = "    parity: { with: staging, block: true }\n    approval: { required: 1, self_approval: true }"
        try p.writePipeline()
        let v1 = try p.release("items", files: ["db/migrations/V2__items.sql": "ALTER TABLE items ADD name text;\n"])
        try p.ship(v1, to: "staging")
        let promote = try p.gantry("promote", "shop", "production")
        #expect(promote.status == 3)
        #expect(promote.stdout.contains("✓ migrations: 2 pending: V1__init.sql, V2__items.sql"), "\(promote.stdout)")
        #expect(promote.stdout.contains("✓ parity: no undocumented drift with staging"))

        guard let binary = GantryBinary.url?.path else { throw GantryBinary.BinaryMissing() }
        let command = [binary, "--pipelines", p.pipelinesPath, "--state", p.statePath, "approve", "shop", "production",
                       "--artifact", v1].map { "'\($0)'" }.joined(separator: " ")
        let environment = ProcessInfo.processInfo.environment.merging(p.environment) { $1 }.merging(["NO_COLOR": "1"]) { $1 }
        let screen = try ChildProcess.run("script", ["-qec", command, "/dev/null"], in: p.repo.path, environment: environment,
                                          stdin: Data("n\n".utf8))
        #expect(screen.stdout.contains("pending migrations (not yet applied in production): V1__init.sql, V2__items.sql"), "\(screen.stdout)")
        #expect(screen.status == 3)
    }
}
