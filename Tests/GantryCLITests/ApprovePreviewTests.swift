import Foundation
import Testing
import GantryTestSupport

/// `gantry approve` on a real terminal (a pty from `script`): what is shown before confirming.
@Suite(.serialized) struct ApprovePreviewTests {
    @Test func aTerminalShowsTheArtifactItsCommitsAndAsksBeforeApproving() throws {
        let project = try DeployProject(productionApproval: "{ required: 1, self_approval: true }")
        let first = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", first).status == 0)
        #expect(try project.gantry("promote", "shop", "staging").status == 0)
        #expect(try project.gantry("promote", "shop", "production").status == 3)
        #expect(try project.gantry("approve", "shop", "production", "--artifact", first, "--yes").status == 0)
        #expect(try project.gantry("promote", "shop", "production").status == 0)

        try project.repo.write("app/VERSION", "2\n")
        try project.repo.commit("Bump version to 2")
        let second = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", second).status == 0)
        #expect(try project.gantry("promote", "shop", "staging").status == 0)
        #expect(try project.gantry("promote", "shop", "production").status == 3)

        guard let binary = GantryBinary.url?.path else { throw GantryBinary.BinaryMissing() }
        let command = [binary, "--pipelines", project.pipelinesPath, "--state", project.statePath,
                       "approve", "shop", "production", "--artifact", second].map { "'\($0)'" }.joined(separator: " ")
        var environment = ProcessInfo.processInfo.environment.merging(project.environment) { $1 }
        environment["NO_COLOR"] = "1"
        let declined = try ChildProcess.run("script", ["-qec", command, "/dev/null"], in: project.repo.path,
                                            environment: environment, stdin: Data("n\n".utf8))
        #expect(declined.stdout.contains("you are approving shop:\(second) for production"))
        #expect(declined.stdout.contains("running now   \(first)"))
        #expect(declined.stdout.contains("commits since what runs there now: 1"))
        #expect(declined.stdout.contains("Bump version to 2"))
        #expect(declined.stdout.contains("Approve? [y/N]"))
        #expect(declined.status == 3)
        let status = try project.gantry("status", "shop", "--json")
        #expect(!status.stdout.contains("\"approved_by\":[\""))

        let accepted = try ChildProcess.run("script", ["-qec", command, "/dev/null"], in: project.repo.path,
                                            environment: environment, stdin: Data("y\n".utf8))
        #expect(accepted.status == 0, "\(accepted.stdout)")
        #expect(accepted.stdout.contains("is approved"))
    }
}
