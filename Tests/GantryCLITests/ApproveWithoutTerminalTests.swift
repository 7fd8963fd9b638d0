import Foundation
import Testing
import GantryTestSupport

/// `gantry approve` run by a script (pipes, no terminal), and requests that are out of date.
@Suite(.serialized) struct ApproveWithoutTerminalTests {
    func productionRequests(_ project: DeployProject) throws -> [[String: Any]] {
        let status = try project.gantry("status", "shop", "--json")
        return GantryBinary.statusEnvironment(status.stdout, "production")?["requests"] as? [[String: Any]] ?? []
    }

    @Test func approveWithoutATerminalNeedsYesAndASupersededRequestSaysSo() throws {
        let project = try DeployProject(productionApproval: "{ required: 1, self_approval: true }")
        let first = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", first).status == 0)
        #expect(try project.gantry("promote", "shop", "staging").status == 0)
        #expect(try project.gantry("promote", "shop", "production").status == 3)

        // stdin is /dev/null, then a pipe that says "y": neither is a person at a terminal.
        let silent = try project.gantry("approve", "shop", "production", "--artifact", first)
        #expect(silent.status == 2)
        #expect(silent.stderr.contains("gantry: error: approve asks for confirmation, but standard input is not a terminal; "
            + "add --yes to approve shop:\(first) for production without being asked"))
        #expect(silent.stdout.isEmpty)
        let piped = try GantryBinary.run(["--pipelines", project.pipelinesPath, "--state", project.statePath,
                                          "approve", "shop", "production", "--artifact", first, "--json"],
                                         in: URL(fileURLWithPath: project.repo.path), environment: project.environment,
                                         stdin: Data("y\n".utf8))
        #expect(piped.status == 2)
        var request = try #require(try productionRequests(project).first)
        #expect(request["approved_by"] as? [String] == [])
        #expect(request["status"] as? String == "open")
        #expect(request["superseded_reason"] is NSNull)

        // Staging moves on to a newer artifact: the request for the first one is superseded.
        try project.repo.write("app/VERSION", "2\n")
        try project.repo.commit("Bump version to 2")
        let second = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", second).status == 0)
        #expect(try project.gantry("promote", "shop", "staging").status == 0)
        request = try #require(try productionRequests(project).first)
        #expect(request["status"] as? String == "superseded")
        #expect(request["superseded_reason"] as? String
            == "staging moved on to \(second) since it was requested; `--artifact \(first)` still runs it while the path gate lets it in")
        let text = try project.gantry("status", "shop")
        #expect(text.stdout.contains("request #1: \(first) by \(try Self.user()); no approvals yet; superseded: staging moved on to \(second)"))

        // It is still a live request: approving it with --yes works, and so does running it.
        let approved = try project.gantry("approve", "shop", "production", "--artifact", first, "--yes")
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("is approved"))
        #expect(try project.gantry("promote", "shop", "production", "--artifact", first).status == 0)
        #expect(try productionRequests(project).isEmpty)
    }

    static func user() throws -> String {
        try ChildProcess.run("/usr/bin/id", ["-un"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
