import Foundation
import Testing
import GantryTestSupport

/// `gantry parity` through the real binary and sshd, with hosts given really different state.
@Suite(.serialized) struct ParityEndToEndTests {
    private func differences(_ result: GantryBinary.Result, _ index: Int = 0) -> [[String: Any]] {
        let comparisons = ParityProject.json(result)["comparisons"] as? [[String: Any]] ?? []
        return comparisons.indices.contains(index) ? comparisons[index]["differences"] as? [[String: Any]] ?? [] : []
    }

    private func difference(_ result: GantryBinary.Result, _ kind: String, _ subject: String) -> [String: Any]? {
        differences(result).first { $0["kind"] as? String == kind && $0["subject"] as? String == subject }
    }

    @Test func identicalEnvironmentsHaveNoDriftEvenWhenOutputDiffersOnlyInTrailingWhitespace() throws {
        let p = try ParityProject()
        let v1 = try p.build()
        try p.ship(v1, to: "production")
        try p.write("stage-1", "runtime", "ruby 3.2   \n\n\n")
        try p.write("prod-1", "runtime", "ruby 3.2\n")
        let same = try p.gantry("parity", "shop", "staging", "production", "--json")
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(differences(same).isEmpty)
        let equal = (ParityProject.json(same)["comparisons"] as? [[String: Any]])?.first?["equal"] as? [String] ?? []
        #expect(equal.contains("fact runtime") && equal.contains("fact version") && equal.contains("artifact"))
        // The same comparator reports a real difference: it is not blind.
        try p.write("prod-1", "runtime", "ruby 3.2.1\n")
        let different = try p.gantry("parity", "shop", "staging", "production")
        #expect(different.status == 3)
        #expect(different.stdout.contains("drift       fact runtime  ruby 3.2  ruby 3.2.1"))
    }

    @Test func eachKindOfDriftIsDetectedAndThenCleared() throws {
        let p = try ParityProject()
        p.secrets = "[DB_PASSWORD, API_KEY]"
        try p.writePipeline()
        p.environment["GANTRY_SECRET_API_KEY"] = "shared-api-key-77"
        let v1 = try p.build()
        try p.ship(v1, to: "staging")
        #expect(try p.gantry("promote", "shop", "qa", "--artifact", v1).status == 0)
        #expect(try p.gantry("parity", "shop", "qa", "staging").status == 0)

        // Artifact and ledger: staging moves to v2 (with a migration); qa, off staging's path, does not.
        let v2 = try p.release("items", files: ["db/migrations/V2__items.sql": "ALTER TABLE items ADD name text;\n"])
        try p.ship(v2, to: "staging")
        let behind = try p.gantry("parity", "shop", "qa", "staging", "--json")
        #expect(behind.status == 3)
        #expect(difference(behind, "artifact", "artifact")?["status"] as? String == "drift")
        #expect(difference(behind, "migration", "V2__items.sql")?["status"] as? String == "drift")
        #expect(difference(behind, "migration", "V2__items.sql")?["note"] as? String == "applied in staging only")
        #expect(try p.gantry("promote", "shop", "qa", "--artifact", v2).status == 0)
        #expect(try p.gantry("parity", "shop", "qa", "staging").status == 0)

        // Configuration keys: a var with another value, a secret with a value in one environment only.
        p.qa = "  qa: { from: development, hosts: [qa-1], vars: { LOG_LEVEL: debug } }"
        try p.writePipeline()
        p.environment["GANTRY_SECRET_API_KEY"] = nil
        p.environment["GANTRY_SECRET_QA_API_KEY"] = "qa-only-key-31"
        let keys = try p.gantry("parity", "shop", "qa", "staging", "--json")
        #expect(keys.status == 3)
        let level = difference(keys, "var", "LOG_LEVEL")
        #expect(level?["a"] as? String == "debug" && level?["b"] as? String == "info" && level?["status"] as? String == "drift")
        let key = difference(keys, "secret", "API_KEY")
        #expect(key?["a"] as? String == "set" && key?["b"] as? String == "(no value)")
        #expect(!keys.stdout.contains("qa-only-key-31") && !keys.stdout.contains("shared-api-key-77"))
        p.qa = "  qa: { from: development, hosts: [qa-1] }"
        try p.writePipeline()
        p.environment["GANTRY_SECRET_STAGING_API_KEY"] = "staging-key-55"
        #expect(try p.gantry("parity", "shop", "qa", "staging").status == 0)

        // A fact: one host changed by hand.
        try p.write("qa-1", "runtime", "ruby 3.3\n")
        let fact = try p.gantry("parity", "shop", "qa", "staging", "--json")
        #expect(fact.status == 3)
        #expect(difference(fact, "fact", "runtime")?["a"] as? String == "ruby 3.3")
        try p.write("qa-1", "runtime", "ruby 3.2\n")
        #expect(try p.gantry("parity", "shop", "qa", "staging").status == 0)
    }

    @Test func pendingDocumentedAndDriftIncludingAnExpiredAllowEntry() throws {
        let p = try ParityProject()
        p.staging = "  staging: { from: development, hosts: [stage-1], vars: { LOG_LEVEL: debug } }"
        p.allow = [
            "{ var: LOG_LEVEL, between: [staging, production], reason: \"verbose staging logs\", impact: \"log volume\", owner: ops, expires: 2099-01-01 }",
            "{ fact: runtime, between: [production, staging], reason: \"staging tries ruby 3.3\", impact: \"none\", expires: 2020-01-01 }",
        ]
        try p.writePipeline()
        let v1 = try p.build()
        try p.ship(v1, to: "production")
        let v2 = try p.release("items", files: ["db/migrations/V2__items.sql": "ALTER TABLE items ADD name text;\n"])
        try p.ship(v2, to: "staging")
        try p.write("stage-1", "runtime", "ruby 3.3\n")

        let result = try p.gantry("parity", "shop", "staging", "production", "--json")
        #expect(result.status == 3)
        #expect(difference(result, "artifact", "artifact")?["status"] as? String == "pending")
        #expect(difference(result, "migration", "V2__items.sql")?["status"] as? String == "pending")
        let level = difference(result, "var", "LOG_LEVEL")
        #expect(level?["status"] as? String == "documented")
        #expect((level?["note"] as? String)?.contains("verbose staging logs — impact: log volume; owner: ops; expires 2099-01-01") == true)
        let runtime = difference(result, "fact", "runtime")
        #expect(runtime?["status"] as? String == "drift")
        #expect((runtime?["note"] as? String)?.contains("expired on 2020-01-01 and documents nothing any more") == true)
        let comparison = (ParityProject.json(result)["comparisons"] as? [[String: Any]])?.first
        #expect((comparison?["not_compared"] as? [String])?.contains("fact version follows the artifact: staging runs \(v2), production runs \(v1)") == true)
        #expect(ParityProject.json(result)["drift_count"] as? Int == 1)

        // Either order: production is behind staging, whichever is named first.
        let reversed = try p.gantry("parity", "shop", "production", "staging", "--json")
        #expect(difference(reversed, "artifact", "artifact")?["status"] as? String == "pending")
        #expect(difference(reversed, "migration", "V2__items.sql")?["status"] as? String == "pending")

        let text = try p.gantry("parity", "shop", "staging", "production")
        #expect(text.stdout.contains("pending     artifact"))
        #expect(text.stdout.contains("documented  var LOG_LEVEL"))
        #expect(text.stdout.contains("1 drift, 2 pending, 1 documented"))
    }

    @Test func factsThatFollowTheArtifactAreComparedOnlyBetweenEnvironmentsRunningTheSameOne() throws {
        let p = try ParityProject()
        let v1 = try p.build()
        try p.ship(v1, to: "production")
        let v2 = try p.release("second")
        try p.ship(v2, to: "staging")
        let apart = try p.gantry("parity", "shop", "staging", "production", "--json")
        #expect(apart.status == 0, "\(apart.stdout)")
        #expect(difference(apart, "fact", "version") == nil)
        try p.ship(v2, to: "production")
        let together = try p.gantry("parity", "shop", "staging", "production", "--json")
        #expect(together.status == 0)
        let equal = (ParityProject.json(together)["comparisons"] as? [[String: Any]])?.first?["equal"] as? [String] ?? []
        #expect(equal.contains("fact version"))
        try p.write("prod-1", "releases/\(v2)/VERSION", "hand-edited\n")
        let edited = try p.gantry("parity", "shop", "staging", "production", "--json")
        #expect(edited.status == 3)
        #expect(difference(edited, "fact", "version")?["b"] as? String == "hand-edited")
    }

    @Test func secretValuesAreNeverComparedPrintedOrStored() throws {
        let p = try ParityProject()
        p.environment["GANTRY_SECRET_DB_PASSWORD"] = nil
        p.environment["GANTRY_SECRET_DEVELOPMENT_DB_PASSWORD"] = "dev-pw-0001"
        p.environment["GANTRY_SECRET_STAGING_DB_PASSWORD"] = "stage-pw-4242"
        p.environment["GANTRY_SECRET_PRODUCTION_DB_PASSWORD"] = "prod-pw-9191"
        let v1 = try p.build()
        try p.ship(v1, to: "production")
        let human = try p.gantry("parity", "shop", "staging", "production")
        let json = try p.gantry("parity", "shop", "staging", "production", "--json")
        let verify = try p.gantry("verify", "shop", "production", "--json")
        #expect(json.status == 0, "\(json.stdout)")
        #expect(json.stdout.contains("fact password"))
        let all = [human, json, verify].map { $0.stdout + $0.stderr }.joined()
        for value in ["dev-pw-0001", "stage-pw-4242", "prod-pw-9191"] {
            #expect(!all.contains(value), "\(value) printed")
            for file in [p.statePath, p.statePath + "-wal"] {
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
                #expect(bytes.range(of: Data(value.utf8)) == nil, "\(value) stored in \(file)")
            }
        }
        #expect(verify.stdout.contains("password=***"))
    }

    @Test func everyEnvironmentWithItsFromInOneReportAndFactHistorySinceADate() throws {
        let p = try ParityProject()
        let v1 = try p.build()
        try p.ship(v1, to: "production")
        let all = try p.gantry("parity", "shop", "--all", "--json")
        let pairs = (ParityProject.json(all)["comparisons"] as? [[String: Any]] ?? []).map { "\($0["a"] ?? "")→\($0["b"] ?? "")" }
        #expect(pairs == ["development→qa", "development→staging", "staging→production"])
        // qa runs nothing yet: behind development (pending), not drifted.
        #expect(all.status == 0, "\(all.stdout)")
        try p.write("prod-1", "runtime", "ruby 3.2-patched\n")
        _ = try p.gantry("parity", "shop", "staging", "production")
        let history = try p.gantry("parity", "shop", "staging", "production", "--since", "2000-01-01")
        #expect(history.stdout.contains("production  prod-1  runtime: ruby 3.2 → ruby 3.2-patched"), "\(history.stdout)")
        let usage = try p.gantry("parity", "shop", "staging")
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("give two environments (ENV_A ENV_B), or --all without environments"))
        #expect(try p.gantry("parity", "shop", "staging", "production", "--since", "yesterday").status == 2)
    }

    @Test func anUnreachableHostIsAnInfrastructureError() throws {
        let p = try ParityProject()
        p.extraHosts = "  ghost-1: { address: 127.0.0.250, port: 1, user: \(p.sshd.user) }"
        p.extraEnvironments = "  lab: { from: staging, hosts: [ghost-1] }"
        try p.writePipeline()
        let v1 = try p.build()
        try p.ship(v1, to: "staging")
        let result = try p.gantry("parity", "shop", "staging", "lab", "--json")
        #expect(result.status == 4)
        #expect((ParityProject.json(result)["unreachable"] as? [String])?.first?.hasPrefix("ghost-1: ") == true)
        #expect(try p.gantry("verify", "shop", "lab").status == 4)
    }

    @Test func aRunningDeploymentIsReportedInsteadOfDrift() throws {
        let p = try ParityProject()
        let v1 = try p.build()
        try p.ship(v1, to: "staging")
        try p.write("", "slow", "")
        let deploying = try p.start("promote", "shop", "production", "--artifact", v1)
        #expect(GantryBinary.waitUntil { (try? GantryBinary.runningIDs(p.gantry("status", "shop", "--json").stdout)) == [3] })
        let during = try p.gantry("parity", "shop", "staging", "production", "--json")
        #expect(difference(during, "artifact", "artifact")?["status"] as? String == "in-progress")
        #expect(difference(during, "artifact", "artifact")?["note"] as? String == "deployment #3 of production in progress")
        #expect(during.status == 0)
        #expect(deploying.wait().status == 0)
    }
}
