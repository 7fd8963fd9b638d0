import Foundation
import Testing
import GantryTestSupport

/// `gantry verify`: one environment's hosts against its record and against each other.
@Suite(.serialized) struct VerifyEndToEndTests {
    private func findings(_ result: GantryBinary.Result) -> [String] {
        (ParityProject.json(result)["findings"] as? [[String: Any]] ?? []).map {
            "\($0["host"] ?? "") \($0["subject"] ?? ""): \($0["found"] ?? "") (expected \($0["expected"] ?? ""))"
        }
    }

    @Test func catchesAHostRunningAnotherArtifactAndAHandEditedFact() throws {
        let p = try ParityProject()
        let v1 = try p.build()
        try p.ship(v1, to: "production")
        let clean = try p.gantry("verify", "shop", "production", "--json")
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect(findings(clean).isEmpty)

        // prod-2 is switched by hand to another release.
        try p.write("prod-2", "releases/hotfix/VERSION", "hotfix\n")
        try FileManager.default.removeItem(atPath: "\(p.hostsRoot)/prod-2/current")
        try FileManager.default.createSymbolicLink(atPath: "\(p.hostsRoot)/prod-2/current", withDestinationPath: "\(p.hostsRoot)/prod-2/releases/hotfix")
        let other = try p.gantry("verify", "shop", "production", "--json")
        #expect(other.status == 3)
        #expect(ParityProject.json(other)["status"] as? String == "drift")
        #expect(ParityProject.json(other)["drift_count"] as? Int == 2)
        #expect(findings(other) == ["prod-2 running: hotfix (expected \(v1))", "prod-2 fact version: hotfix (expected \(v1) (as on prod-1))"])
        let text = try p.gantry("verify", "shop", "production")
        #expect(text.stdout.contains("drift: prod-2 running is hotfix, expected \(v1)"))
        try FileManager.default.removeItem(atPath: "\(p.hostsRoot)/prod-2/current")
        try FileManager.default.createSymbolicLink(atPath: "\(p.hostsRoot)/prod-2/current", withDestinationPath: "\(p.hostsRoot)/prod-2/releases/\(v1)")
        #expect(try p.gantry("verify", "shop", "production").status == 0)

        // A file edited by hand on prod-1.
        try p.write("prod-1", "runtime", "ruby 3.2 (patched by hand)\n")
        let edited = try p.gantry("verify", "shop", "production", "--json")
        #expect(edited.status == 3)
        #expect(findings(edited) == ["prod-1 fact runtime: ruby 3.2 (patched by hand) (expected ruby 3.2 (as on prod-2))"])
        // Each verify stores what it read: the change shows in the history, with its host.
        let history = try p.gantry("parity", "shop", "staging", "production", "--since", "2000-01-01")
        #expect(history.stdout.contains("production  prod-1  runtime: ruby 3.2 → ruby 3.2 (patched by hand)"), "\(history.stdout)")
    }

    @Test func aFactThatFailsOnOneHostIsReportedWithItsExitStatus() throws {
        let p = try ParityProject()
        let v1 = try p.build()
        try p.ship(v1, to: "production")
        try FileManager.default.removeItem(atPath: "\(p.hostsRoot)/prod-2/runtime")
        let result = try p.gantry("verify", "shop", "production")
        #expect(result.status == 3)
        #expect(result.stdout.contains("drift: prod-2 fact runtime is exit 1: cat: "), "\(result.stdout)")
        let parity = try p.gantry("parity", "shop", "staging", "production")
        #expect(parity.status == 0) // parity reads the first host only
        try FileManager.default.removeItem(atPath: "\(p.hostsRoot)/prod-1/runtime")
        let failing = try p.gantry("parity", "shop", "staging", "production", "--json")
        #expect(failing.status == 3)
        #expect(failing.stdout.contains("the command failed (prod-1: exit 1)"))
    }

    @Test func runningAloneIsEnoughToVerifyAndAnUnknownEnvironmentIsAUsageError() throws {
        let p = try ParityProject()
        p.facts = ""
        try p.writePipeline()
        // running alone is enough to verify.
        let v1 = try p.build()
        try p.ship(v1, to: "staging")
        #expect(try p.gantry("verify", "shop", "staging").status == 0)
        #expect(try p.gantry("verify", "shop", "nowhere").status == 2)
    }
}
