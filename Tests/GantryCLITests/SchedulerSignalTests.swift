import Foundation
import GantryGates
import GantryStore
import Synchronization
import Testing
import GantryTestSupport

/// `scheduler run` under real signals: it stops cleanly, never leaving a deployment running or
/// a lock held, and a second signal ends it at once.
@Suite(.serialized) struct SchedulerSignalTests {
    /// Output of a running child, readable while it runs.
    final class Output: Sendable {
        private let text = Mutex("")
        func append(_ data: Data) { text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        var current: String { text.withLock { $0 } }

        /// Waits until the output contains `needle` (or the child's output ends).
        func waitFor(_ needle: String, deadline: TimeInterval = 60) -> Bool {
            let end = Date().addingTimeInterval(deadline)
            while Date() < end {
                if current.contains(needle) { return true }
                usleep(20_000)
            }
            return false
        }
    }

    func startScheduler(_ project: DeployProject, output: Output) throws -> ChildProcess.Running {
        guard let url = GantryBinary.url else { throw GantryBinary.BinaryMissing() }
        let environment = ProcessInfo.processInfo.environment.merging(project.environment) { $1 }.merging(["NO_COLOR": "1"]) { $1 }
        return try ChildProcess.start(url.path, ["--pipelines", project.pipelinesPath, "--state", project.statePath,
                                                 "scheduler", "run"], in: project.repo.path, environment: environment,
                                      onChunk: { _, data in output.append(data) })
    }

    /// Waits for a file on a host to appear (a step reached that point).
    func waitForFile(_ path: String) -> Bool {
        let end = Date().addingTimeInterval(60)
        while Date() < end {
            if FileManager.default.fileExists(atPath: path) { return true }
            usleep(20_000)
        }
        return false
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func anIdleSchedulerStopsAtOnceAndExitsZero(signal: Int32) throws {
        let project = try DeployProject()
        let output = Output()
        let scheduler = try startScheduler(project, output: output)
        #expect(output.waitFor("scheduler: serving "))
        kill(scheduler.pid, signal)
        let result = scheduler.wait()
        #expect(result.status == 0, "\(result.stderr)")
        let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        #expect(result.stdout.contains("scheduler: \(name) received; stopping"))
        #expect(result.stdout.hasSuffix("scheduler: stopped on \(name)\n"), "\(result.stdout)")
    }

    /// A project whose staging promotion runs `slow` (a shell command) after touching
    /// `<hosts>/started`, a one-off promotion to staging two seconds ahead, and `scheduler run`
    /// started and seen inside that step.
    func schedulerInsideASlowStep(_ slow: String) throws -> (DeployProject, String, ChildProcess.Running, Output) {
        let (project, tag) = try SchedulerEndToEndTests.deployedProject(extraSteps: """
          - name: slow
            run: "if [ ${env.name} = staging ]; then touch ${vars.ROOT}/started; \(slow); fi"
        """)
        let at = SchedulerEndToEndTests.soon(2)
        #expect(try project.gantry("schedule", "add", "shop", "staging", "--at", WindowFormat.iso8601(at, in: .gmt)).status == 0)
        let output = Output()
        let scheduler = try startScheduler(project, output: output)
        #expect(waitForFile(project.hostsRoot + "/started"))
        return (project, tag, scheduler, output)
    }

    /// A running scheduler whose next slot is days away still notices a one-off added after it
    /// started (it never sleeps more than 5 s at a time) and fires it.
    @Test func aScheduleAddedWhileTheSchedulerRunsFires() throws {
        let (project, tag) = try SchedulerEndToEndTests.deployedProject()
        let far = Date().addingTimeInterval(5 * 86_400)
        #expect(try project.gantry("schedule", "add", "shop", "staging", "--at", WindowFormat.iso8601(far, in: .gmt)).status == 0)
        let output = Output()
        let scheduler = try startScheduler(project, output: output)
        #expect(output.waitFor("scheduler: serving"))
        let at = SchedulerEndToEndTests.soon(1)
        #expect(try project.gantry("schedule", "add", "shop", "staging", "--at", WindowFormat.iso8601(at, in: .gmt)).status == 0)
        #expect(output.waitFor("succeeded"), "\(output.current)")
        kill(scheduler.pid, SIGTERM)
        #expect(scheduler.wait().status == 0)
        let store = try StateStore.open(path: project.statePath)
        let deployment = try #require(try store.history(pipeline: "shop", environment: "staging").first)
        #expect(deployment.trigger == .schedule && deployment.status == .succeeded && deployment.artifactTag == tag)
    }

    @Test func sigtermDuringAScheduledDeploymentEndsItCleanly() throws {
        let (project, _, scheduler, _) = try schedulerInsideASlowStep("sleep 31.7")
        kill(scheduler.pid, SIGTERM)
        let result = scheduler.wait()
        #expect(result.stdout.contains("scheduler: SIGTERM received; stopping"))

        // The running step was stopped (not waited for), the deployment recorded aborted, the lock
        // released, the slot closed as aborted, and the exit code says a deployment was aborted.
        let store = try StateStore.open(path: project.statePath)
        let deployment = try #require(try store.history(pipeline: "shop", environment: "staging").first)
        #expect(deployment.trigger == .schedule)
        #expect(deployment.status == .aborted, "\(deployment.message ?? "")")
        #expect(try store.lockHolder(pipeline: "shop", environment: "staging") == nil)
        let slot = try #require(try store.scheduleSlots(pipeline: "shop").first)
        #expect(slot.deploymentID == deployment.id)
        #expect(result.status == 143 && slot.state == .aborted)
        #expect(result.stdout.contains("scheduler: stopped on SIGTERM; a deployment was aborted (exit 143)"))
        #expect(try !ChildProcess.run("/bin/ps", ["-eo", "args"]).stdout.contains("sleep 31.7"))
        #expect(try store.history(pipeline: "shop", environment: "staging").count == 1)
    }

    @Test func aSecondSignalExitsAtOnce() throws {
        let (project, _, scheduler, output) = try schedulerInsideASlowStep("sleep 30; touch ${vars.ROOT}/finished")
        kill(scheduler.pid, SIGTERM)
        #expect(output.waitFor("scheduler: SIGTERM received"))
        kill(scheduler.pid, SIGTERM)
        let result = scheduler.wait()
        #expect(result.status == 143)
        #expect(result.stderr.contains("gantry: SIGTERM again: exiting at once"))
        // It ended while the step still slept: the step never got to its last command.
        #expect(!FileManager.default.fileExists(atPath: project.hostsRoot + "/finished"))
    }
}
