import Foundation
import GantryGates
import GantryStore
import Testing
import GantryTestSupport

/// Scheduled promotions for real: the gantry binary, the test sshd, files on the hosts, one store.
@Suite(.serialized) struct SchedulerEndToEndTests {
    /// A project with an artifact built and deployed to development.
    static func deployedProject(extraSteps: String = "") throws -> (DeployProject, String) {
        let project = try DeployProject(extraSteps: extraSteps)
        let tag = try project.build()
        let deploy = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        guard deploy.status == 0 else { throw BuildFailed(status: deploy.status, output: deploy.stderr) }
        return (project, tag)
    }

    /// A whole second at least `seconds` ahead, as `--at` takes it.
    static func soon(_ seconds: TimeInterval) -> Date {
        Date(timeIntervalSince1970: ceil(Date().timeIntervalSince1970) + seconds)
    }

    /// Returns once the machine's clock has passed `date` (the slot is then really due).
    static func waitUntil(_ date: Date) {
        while Date() < date { usleep(20_000) }
    }

    @Test func aOneOffScheduleFiresThroughSchedulerTick() throws {
        let (project, tag) = try Self.deployedProject()
        let at = Self.soon(2)
        let added = try project.gantry("schedule", "add", "shop", "staging", "--at", WindowFormat.iso8601(at, in: .gmt))
        #expect(added.status == 0, "\(added.stderr)")
        let early = try project.gantry("scheduler", "tick")
        #expect(early.status == 0 && early.stdout.isEmpty)
        #expect(project.currentRelease("stage-1") == nil)

        Self.waitUntil(at)
        let tick = try project.gantry("scheduler", "tick")
        #expect(tick.status == 0, "\(tick.stderr)")
        #expect(tick.stdout.contains("shop/staging once #1 slot \(WindowFormat.iso8601(at, in: .gmt)): succeeded: deployment #2 (\(tag))"))
        #expect(project.currentRelease("stage-1") == tag)
        #expect(project.hostFile("stage-1", "shared/app.env")?.contains("LOG_LEVEL=debug") == true)

        let history = try project.gantry("schedule", "history", "shop", "--json")
        #expect(history.stdout.contains("\"status\":\"succeeded\"") && history.stdout.contains("\"deployment_id\":2"))
        let deployments = try project.gantry("history", "shop", "staging", "--json")
        #expect(deployments.stdout.contains("\"trigger\":\"schedule\""))
        let again = try project.gantry("scheduler", "tick")
        #expect(again.status == 0 && again.stdout.isEmpty)
        #expect(try project.gantry("audit", "--verify").status == 0)
    }

    @Test func aPipelineCronSlotMissedSinceTheScheduleWasCreatedFiresOnce() throws {
        let (project, tag) = try Self.deployedProject()
        let pipeline = try String(contentsOfFile: project.pipelinesPath + "/shop.yml", encoding: .utf8)
        try project.repo.write("pipelines/shop.yml", pipeline.replacingOccurrences(
            of: "  staging: { from: development, hosts: [stage-1], vars: { LOG_LEVEL: debug } }",
            with: "  staging:\n    from: development\n    hosts: [stage-1]\n    vars: { LOG_LEVEL: debug }\n"
                + "    schedule:\n      - { cron: \"*/10 * * * *\", missed: latest }"))
        let first = try project.gantry("scheduler", "tick")                       // registers it
        #expect(first.status == 0, "\(first.stderr)")
        #expect(project.currentRelease("stage-1") == nil)
        // The schedule was created an hour ago (as if registered then): several slots passed since.
        let edit = try ChildProcess.run("/usr/bin/sqlite3", [project.statePath,
            "UPDATE schedule SET created_at = strftime('%Y-%m-%d %H:%M:%f', 'now', '-1 hour')"])
        #expect(edit.status == 0, "\(edit.stderr)")

        let tick = try project.gantry("scheduler", "tick")
        #expect(tick.status == 0, "\(tick.stderr)")
        #expect(tick.stdout.components(separatedBy: ": succeeded: ").count == 2, "\(tick.stdout)")
        #expect(project.currentRelease("stage-1") == tag)
        let slots = try StateStore.open(path: project.statePath).scheduleSlots(pipeline: "shop")
        #expect(slots.count == 1)
        #expect(slots.first?.missedFrom != nil)
        #expect(try project.gantry("scheduler", "tick").stdout.isEmpty)
    }

    @Test func twoConcurrentTicksOnOneStoreFireASlotExactlyOnceFiftyTimesOver() throws {
        let (project, tag) = try Self.deployedProject()
        let at = Self.soon(2)
        #expect(try project.gantry("schedule", "add", "shop", "staging", "--at", WindowFormat.iso8601(at, in: .gmt)).status == 0)
        let template = (project.statePath as NSString).deletingLastPathComponent
        let runs = try TemporaryDirectory(prefix: "gantry-ticks")
        Self.waitUntil(at)
        guard let binary = GantryBinary.url else { throw GantryBinary.BinaryMissing() }
        let environment = ProcessInfo.processInfo.environment.merging(project.environment) { $1 }.merging(["NO_COLOR": "1"]) { $1 }
        for round in 1...50 {
            // Each round gets its own copy of the same store: one due slot, two schedulers.
            let folder = runs.path + "/\(round)"
            try FileManager.default.copyItem(atPath: template, toPath: folder)
            let arguments = ["--pipelines", project.pipelinesPath, "--state", folder + "/state.db", "scheduler", "tick", "-v"]
            let ticks = try (0..<2).map { _ in
                try ChildProcess.start(binary.path, arguments, in: project.repo.path, environment: environment)
            }
            let results = ticks.map { $0.wait() }
            #expect(results.map(\.status) == [0, 0], "round \(round): \(results.map(\.stderr))")
            let fired = results.filter { $0.stdout.contains(": succeeded: ") }.count
            #expect(fired == 1, "round \(round): \(results.map(\.stdout))")
            let store = try StateStore.open(path: folder + "/state.db")
            let slots = try store.scheduleSlots(pipeline: "shop")
            #expect(slots.map(\.state) == [.succeeded], "round \(round)")
            let promotions = try store.history(pipeline: "shop", environment: "staging")
            #expect(promotions.count == 1 && promotions.first?.trigger == .schedule && promotions.first?.artifactTag == tag,
                    "round \(round)")
            try FileManager.default.removeItem(atPath: folder)
        }
    }
}
