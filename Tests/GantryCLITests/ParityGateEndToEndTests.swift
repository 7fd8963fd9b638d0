import Foundation
import Testing
import GantryTestSupport

/// The parity gate and the receipt through the real binary and sshd.
@Suite(.serialized) struct ParityGateEndToEndTests {
    @Test func stagingChangedAfterTheArtifactPassedThereSoBothComparisonsAreReported() throws {
        let p = try ParityProject()
        let v1 = try p.build()
        try p.ship(v1, to: "staging")
        // staging is upgraded after v1 was tested there; production still looks like the tested staging.
        try p.write("stage-1", "runtime", "ruby 3.3\n")
        let blocked = try p.gantry("promote", "shop", "production")
        #expect(blocked.status == 3)
        #expect(blocked.stderr.contains("parity: 1 undocumented difference with staging (as \(v1) passed there, and now):"), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("fact runtime: staging ruby 3.3 (now), production ruby 3.2 — undocumented"))
        #expect(blocked.stderr.contains("staging changed since \(v1) passed there: fact runtime ruby 3.2 → ruby 3.3"))
        #expect(blocked.stderr.contains("to unblock: document each in parity.allow"))
        #expect(try p.gantry("history", "shop", "production", "--json").stdout.contains("\"deployments\":[]"))

        // production follows staging's upgrade: now it differs from what was tested (the receipt).
        for host in ["prod-1", "prod-2"] { try p.write(host, "runtime", "ruby 3.3\n") }
        let untested = try p.gantry("promote", "shop", "production")
        #expect(untested.status == 3)
        #expect(untested.stderr.contains("fact runtime: staging ruby 3.2 (as \(v1) passed there on "), "\(untested.stderr)")
        #expect(untested.stderr.contains("), production ruby 3.3 — undocumented"))

        // Testing v1 again in staging renews its receipt: now both comparisons agree.
        #expect(try p.gantry("promote", "shop", "staging", "--artifact", v1).status == 0)
        let passed = try p.gantry("promote", "shop", "production", "--json")
        #expect(passed.status == 0, "\(passed.stdout)")
        let gates = ParityProject.json(passed)["gates"] as? [[String: Any]] ?? []
        let parity = gates.first { $0["gate"] as? String == "parity" }
        #expect(parity?["status"] as? String == "passed")
        #expect((parity?["reason"] as? String)?.hasPrefix("no undocumented drift with staging (as \(v1) passed there, and now)") == true)
        #expect(gates.map { $0["gate"] as? String ?? "" } == ["path", "approval", "window", "parity", "migrations", "lock"])
    }

    @Test func theGateBlocksOnUndocumentedDriftAndPassesOnceItIsDocumented() throws {
        let p = try ParityProject()
        let v1 = try p.build()
        try p.ship(v1, to: "staging")
        try p.write("prod-1", "runtime", "ruby 3.1\n")
        let blocked = try p.gantry("promote", "shop", "production")
        #expect(blocked.status == 3)
        #expect(blocked.stderr.contains("parity: 1 undocumented difference with staging (as \(v1) passed there, and now):"))
        #expect(blocked.stderr.contains("fact runtime: staging ruby 3.2 (as it passed there, and now), production ruby 3.1 — undocumented"))
        #expect(blocked.stderr.contains("to unblock: document each in parity.allow of \(p.pipelinesPath)/shop.yml ({ fact|var|secret: NAME, between: [staging, production], reason, impact, owner, expires })"))
        #expect(p.currentRelease("prod-1") == nil)

        p.allow = ["{ fact: runtime, between: [staging, production], reason: \"prod upgrades next week\", impact: \"none\", owner: ops, expires: 2099-12-31 }"]
        try p.writePipeline()
        let passed = try p.gantry("promote", "shop", "production")
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(p.currentRelease("prod-1") == v1)
        #expect(passed.stdout.contains("parity receipt of \(v1) in production: 3 facts read on prod-1"))

        // An entry that has expired documents nothing: the gate closes again.
        p.allow = ["{ fact: runtime, between: [staging, production], reason: \"prod upgrades next week\", impact: \"none\", expires: 2021-01-01 }"]
        try p.writePipeline()
        let expired = try p.gantry("promote", "shop", "production")
        #expect(expired.status == 3)
        #expect(expired.stderr.contains("expired on 2021-01-01 and documents nothing any more"))
    }

    @Test func aRollbackSkipsTheParityGateAndTheWebshopStyleBlockFalseOnlyReports() throws {
        let p = try ParityProject()
        p.production = "    parity: { with: staging, block: false }"
        try p.writePipeline()
        let v1 = try p.build()
        try p.ship(v1, to: "staging")
        try p.write("prod-1", "runtime", "ruby 3.1\n")
        let result = try p.gantry("promote", "shop", "production", "--json")
        #expect(result.status == 0)
        let gates = ParityProject.json(result)["gates"] as? [[String: Any]] ?? []
        #expect(gates.first { $0["gate"] as? String == "parity" }?["reason"] as? String
                == "parity with staging is reported by `gantry parity`, not blocking")
    }
}

extension ParityProject {
    func currentRelease(_ host: String) -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(hostsRoot)/\(host)/current"))
            .map { URL(fileURLWithPath: $0).lastPathComponent }
    }
}
