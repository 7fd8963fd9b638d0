import Foundation
import GantryTestSupport
import Testing

/// The path gate after a rollback, through the real binary, the real sshd and a real store.
@Suite(.serialized) struct PathGateEndToEndTests {
    @Test func anArtifactRolledBackInStagingCannotReachProduction() throws {
        let project = try DeployProject()
        let good = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", good).status == 0)
        #expect(try project.gantry("promote", "shop", "staging").status == 0)
        try project.repo.write("app/VERSION", "2\n")
        _ = try project.repo.commit("second")
        let bad = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", bad).status == 0)
        #expect(try project.gantry("promote", "shop", "staging").status == 0)
        #expect(project.currentRelease("stage-1") == bad)

        let rollback = try project.gantry("rollback", "shop", "staging")
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(project.currentRelease("stage-1") == good)

        let refused = try project.gantry("promote", "shop", "production", "--artifact", bad)
        #expect(refused.status == 3, "\(refused.stdout)\n\(refused.stderr)")
        let expected = "path: \(bad) succeeded in staging (deployment #4) but was rolled back there since: "
            + "deployment #5, a rollback to \(good) by \(project.sshd.user) at "
        #expect(refused.stderr.contains(expected), "\(refused.stderr)")
        #expect(refused.stderr.contains("deploy \(bad) to staging again (a new successful deployment) first"))
        #expect(project.currentRelease("prod-1") == nil && project.currentRelease("prod-2") == nil)

        let plan = try project.gantry("plan", "shop", "production", "--artifact", bad)
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("✗ " + expected), "\(plan.stdout)")

        let promoted = try project.gantry("promote", "shop", "production")
        #expect(promoted.status == 0, "\(promoted.stderr)")
        #expect(project.currentRelease("prod-2") == good)
    }
}
