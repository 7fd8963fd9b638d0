import Foundation
import GantryTestSupport
import Testing

/// What a person sees while a deployment runs: live lines on a terminal, plain lines elsewhere,
/// and a per-host summary at the end.
@Suite struct LiveViewTests {
    static let steps = """
      - name: migrate
        run_once: true
        run: "echo migrating"
      - name: slow
        run: "sleep 1.2; echo slept on ${host.name}"
    """

    static func production(_ project: DeployProject) throws {
        let tag = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", tag).status == 0)
        #expect(try project.gantry("promote", "shop", "staging").status == 0)
    }

    @Test func aTerminalShowsLiveLinesRedrawnInPlaceAndASummary() throws {
        let project = try DeployProject(extraSteps: Self.steps, productionRollout: "{ batch: 2 }")
        try Self.production(project)
        guard let binary = GantryBinary.url?.path else { throw GantryBinary.BinaryMissing() }
        let command = [binary, "--pipelines", project.pipelinesPath, "--state", project.statePath,
                       "promote", "shop", "production"].map { "'\($0)'" }.joined(separator: " ")
        var environment = ProcessInfo.processInfo.environment.merging(project.environment) { $1 }
        environment["NO_COLOR"] = nil
        environment["TERM"] = "xterm"
        let result = try ChildProcess.run("script", ["-qec", command, "/dev/null"], in: project.repo.path, environment: environment)
        #expect(result.status == 0, "\(result.stdout)")
        let text = result.stdout
        // A live line for a running step, then erased in place (cursor up, clear line).
        #expect(text.contains("▸ slow"))
        #expect(text.contains("\u{1B}[1A\u{1B}[2K"))
        // What did not simply pass stays on screen: the skipped run_once step says where it ran.
        #expect(text.contains("migrate skipped (run_once: ran on prod-1)"))
        // Output scrolls above the live lines.
        #expect(text.contains("slept on prod-2"))
        // A per-host summary table at the end.
        #expect(text.contains("HOST"))
        #expect(text.contains("STEPS"))
        let plain = text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(plain.range(of: "prod-1 +succeeded +\\d+/\\d+", options: .regularExpression) != nil, "\(plain)")
        #expect(plain.range(of: "prod-2 +succeeded", options: .regularExpression) != nil)
    }

    @Test func withoutATerminalEveryEventIsAPlainLine() throws {
        let project = try DeployProject(extraSteps: Self.steps, productionRollout: "{ batch: 2 }")
        try Self.production(project)
        let result = try project.gantry("promote", "shop", "production")
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(!text.contains("\u{1B}["))
        #expect(text.contains("prod-1 | migrate started"))
        #expect(text.contains("prod-1 | migrating"))
        #expect(text.range(of: "prod-1 ✓ migrate \\(\\d+\\.\\ds\\)", options: .regularExpression) != nil)
        #expect(text.contains("prod-2 – migrate skipped (run_once: ran on prod-1)"))
        #expect(text.contains("prod-2 | slow started"))
        #expect(text.range(of: "prod-2 +succeeded +\\d+/\\d+", options: .regularExpression) != nil)
        // Hosts are never named twice in one line.
        #expect(!text.contains("prod-1: prod-1") && !text.contains("prod-2 | prod-2"))
    }
}
