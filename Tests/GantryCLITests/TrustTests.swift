import Foundation
import GantryShell
import GantryTestSupport
import Testing

/// The promises a deploy tool must keep under a hostile or unlucky run: no secret leaks, no
/// hangs, timeouts that hold, clean stops on signals. Real gantry binary, real sshd, real git,
/// real SQLite.
@Suite struct TrustTests {
    /// Waits until `path` exists (a step creates it), up to `seconds`.
    ///
    /// These tests block their thread on purpose: an async wait could be resumed late while other
    /// tests hold the pool's threads, and the steps here wait for the test, not the other way.
    static func waitForFile(_ path: String, seconds: Double = 120) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if FileManager.default.fileExists(atPath: path) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// Every process's command line on this machine (the test hosts are this machine).
    static func processList() throws -> String {
        try ChildProcess.run("/bin/ps", ["-eo", "args"]).stdout
    }

    static func storeBytes(_ project: DeployProject) -> [Data] {
        [project.statePath, project.statePath + "-wal"].map { (try? Data(contentsOf: URL(fileURLWithPath: $0))) ?? Data() }
    }

    @Test func aConnectionKilledDuringAStepThatHoldsASecretLeaksItNowhere() throws {
        let sshd = try TestSSHD.dedicated()
        let secret = "tok-\(UUID().uuidString.prefix(12))"
        let project = try DeployProject(extraSteps: """
          - name: hold
            timeout: 10m
            run: "TOKEN=${secrets.DB_PASSWORD} touch ${vars.ROOT}/${host.name}/holding; while [ ! -f ${vars.ROOT}/release ] && [ -d ${vars.ROOT} ]; do sleep 0.1; done"
        """, sshd: sshd)
        // Once its connection is killed the remote loop is an orphan nobody can stop: it ends when
        // `release` appears or, if the test's folder is removed first, when the folder is gone.
        project.environment["GANTRY_SECRET_DB_PASSWORD"] = secret
        let tag = try project.build()
        let process = try project.start("deploy", "shop", "development", "--artifact", tag)
        #expect(Self.waitForFile(project.hostsRoot + "/dev-1/holding"))
        // Break the connection under the running step: kill sshd's session processes by PID.
        for pid in sshd.sessionProcesses() { kill(pid, SIGKILL) }
        let result = process.wait()
        // The remote loop lost its connection but may still run: let it end.
        FileManager.default.createFile(atPath: project.hostsRoot + "/release", contents: Data())
        #expect(result.status == 4, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("dev-1: step 'hold'"))
        let logs = try project.gantry("logs", "1", "--json")
        let history = try project.gantry("history", "shop", "--json")
        for text in [result.stdout, result.stderr, logs.stdout, history.stdout] {
            #expect(!text.contains(secret), "the secret leaked: \(text)")
        }
        for bytes in Self.storeBytes(project) { #expect(bytes.range(of: Data(secret.utf8)) == nil) }
    }

    @Test func secretValuesNeverReachTheRemoteProcessList() throws {
        let secret = "argv-\(UUID().uuidString.prefix(12))"
        let project = try DeployProject(extraSteps: """
          - name: hold
            timeout: 10m
            run: "test -n ${secrets.DB_PASSWORD} && touch ${vars.ROOT}/${host.name}/holding && while [ ! -f ${vars.ROOT}/release ]; do sleep 0.1; done && echo got ${secrets.DB_PASSWORD}"
        """)
        project.environment["GANTRY_SECRET_DB_PASSWORD"] = secret
        let tag = try project.build()
        let process = try project.start("deploy", "shop", "development", "--artifact", tag)
        #expect(Self.waitForFile(project.hostsRoot + "/dev-1/holding"))
        let processes = try Self.processList()
        FileManager.default.createFile(atPath: project.hostsRoot + "/release", contents: Data())
        let result = process.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(processes.contains("__gantry_secret_DB_PASSWORD"), "the step was not running while ps looked")
        #expect(!processes.contains(secret))
        // The value still reached the command: it printed it, and Gantry masked it.
        #expect(result.stdout.contains("dev-1 | got ***"))
        #expect(project.hostFile("dev-1", "shared/app.env")?.contains("DB_PASSWORD=\(secret)") == true)
    }

    @Test func aRunOnceStepWhoseFirstHostIsDownEndsAtOnceAndTouchesNothing() throws {
        let project = try DeployProject(extraSteps: """
          - name: migrate
            run_once: true
            run: "touch ${vars.ROOT}/${host.name}/migrated"
        """, productionRollout: "{ batch: 2, halt_on_failure: true }", ports: ["prod-1": TestSSHD.closedPort()])
        let tag = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", tag).status == 0)
        #expect(try project.gantry("promote", "shop", "staging").status == 0)
        let started = Date()
        let result = try project.gantry("promote", "shop", "production")
        #expect(result.status == 4, "\(result.stdout)\n\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(result.stderr.contains("prod-1: connect to 127.0.0.4"))
        #expect(result.stderr.contains("aborted before any host was touched"))
        #expect(!FileManager.default.fileExists(atPath: project.hostsRoot + "/prod-2"))
        let status = try project.gantry("status", "shop", "--json")
        #expect(GantryBinary.runningIDs(status.stdout).isEmpty)
        let history = try project.gantry("history", "shop", "production")
        #expect(history.stdout.contains("aborted"))
    }

    @Test func aTimeoutHoldsUnderAFloodOfOutputAndWhatIsKeptIsBounded() throws {
        let project = try DeployProject(stepTimeout: "3s")
        let startedAt = ContinuousClock.now
        let peak = Locked(0)
        let url = try #require(GantryBinary.url)
        let env = ProcessInfo.processInfo.environment.merging(project.environment) { $1 }
        let process = try ChildProcess.start(url.path, ["--pipelines", project.pipelinesPath, "--state", project.statePath,
                                                        "exec", "shop", "development", "--json", "--",
                                                        "yes ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"],
                                             in: project.repo.path, environment: env)
        let sampler = Thread {
            while kill(process.pid, 0) == 0 {
                if let status = try? String(contentsOfFile: "/proc/\(process.pid)/status", encoding: .utf8),
                   let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
                   let kb = Int(line.split(separator: " ")[1]) {
                    peak.withLock { $0 = max($0, kb) }
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        sampler.start()
        let result = process.wait()
        #expect(result.status == 1, "\(result.stderr)")
        #expect(try #require(process.endedAt) - startedAt < .seconds(30))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let host = try #require((json["hosts"] as? [[String: Any]])?.first)
        #expect(host["timed_out"] as? Bool == true)
        let stdout = try #require(host["stdout"] as? String)
        #expect(stdout.utf8.count <= 256 * 1024 + 200)
        #expect(stdout.hasPrefix("["))
        #expect(stdout.contains("of earlier output dropped; the last 256 KiB are kept"))
        // Flat memory, whatever the command printed (it grew by megabytes a second before).
        #expect(peak.current < 200_000, "peak RSS \(peak.current) kB")
    }

    @Test func stepOutputIsBoundedInTheStoreAndANulByteTruncatesNothing() throws {
        let project = try DeployProject(extraSteps: """
          - name: nul
            run: "printf 'before\\\\0after\\\\n'"
          - name: flood
            run: "yes 0123456789 | head -c 2000000"
        """)
        let tag = try project.build()
        let result = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(result.status == 0, "\(result.stderr)")
        let logs = try project.gantry("logs", "1", "--json")
        #expect(logs.stdout.contains("before\u{FFFD}after"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(logs.stdout.utf8)) as? [String: Any])
        let steps = try #require(object["steps"] as? [[String: Any]])
        let flood = try #require(steps.first { $0["step"] as? String == "flood" }?["output"] as? String)
        #expect(flood.utf8.count <= 256 * 1024 + 200)
        #expect(flood.contains("of earlier output dropped"))
    }

    @Test func aLoginBannerIsOutputAndTheProcessGroupIsStillFound() throws {
        let sshd = try TestSSHD.dedicated()
        try "echo Welcome to the host\nprintf 'no newline banner'\n".write(toFile: sshd.homePath + "/.bashrc", atomically: true,
                                                                              encoding: .utf8)
        let marker = "61.\(Int.random(in: 100...999))"
        let project = try DeployProject(extraSteps: """
          - name: hello
            run: "echo hello"
          - name: slow
            timeout: 2s
            run: "sleep \(marker)"
        """, sshd: sshd)
        let tag = try project.build()
        let result = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("dev-1 | Welcome to the host"))
        #expect(result.stdout.contains("dev-1 | no newline banner\n"))
        #expect(result.stdout.contains("dev-1 | hello"))
        #expect(!result.stdout.contains("gantry-pgid"))
        #expect(result.stderr.contains("step 'slow' timed out after 2s (remote processes stopped)"))
        #expect(try !Self.processList().contains("sleep \(marker)"))
    }

    @Test func sigtermStopsTheRunRollsBackAndRecordsAborted() throws {
        let project = try DeployProject(extraSteps: """
          - name: slow
            run: "if [ -f ${vars.ROOT}/slow ]; then touch ${vars.ROOT}/${host.name}/started; sleep 41.7; fi"
        """)
        let first = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", first).status == 0)
        try project.repo.write("app/VERSION", "2\n")
        try project.repo.commit("second")
        let second = try project.build()
        FileManager.default.createFile(atPath: project.hostsRoot + "/slow", contents: Data())
        let process = try project.start("deploy", "shop", "development", "--artifact", second)
        #expect(Self.waitForFile(project.hostsRoot + "/dev-1/started"))
        kill(process.pid, SIGTERM)
        let result = process.wait()
        #expect(result.status == 143, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("SIGTERM received"))
        #expect(try !Self.processList().contains("sleep 41.7"))
        let history = try project.gantry("history", "shop", "--json")
        #expect(history.stdout.contains("\"status\":\"aborted\""))
        let logs = try project.gantry("logs", "2", "--json")
        #expect(logs.stdout.contains("\"step\":\"slow\""))
        #expect(logs.stdout.contains("\"status\":\"interrupted\""))
        #expect(logs.stdout.contains("rollback: restore"))
        #expect(project.currentRelease("dev-1") == first)
        // The lock was released: the next run does not wait and does not take anything over.
        try FileManager.default.removeItem(atPath: project.hostsRoot + "/slow")
        let next = try project.gantry("deploy", "shop", "development", "--artifact", second)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(!next.stdout.contains("took over"))
    }

    @Test func aSecondSignalExitsAtOnceAndTheLockIsTakenOverLater() throws {
        let project = try DeployProject(extraSteps: """
          - name: slow
            run: "if [ -f ${vars.ROOT}/slow ]; then touch ${vars.ROOT}/${host.name}/started; sleep 42.3; fi"
        """)
        let tag = try project.build()
        try FileManager.default.createDirectory(atPath: project.hostsRoot, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: project.hostsRoot + "/slow", contents: Data())
        let url = try #require(GantryBinary.url)
        let env = ProcessInfo.processInfo.environment.merging(project.environment) { $1 }
        let pid = Locked<pid_t>(0)
        // The second signal goes once the first was handled (two at once may merge into one), sent
        // from the thread that reads the child's stderr, while the first one's clean stop runs.
        let process = try ChildProcess.start(url.path, ["--pipelines", project.pipelinesPath, "--state", project.statePath,
                                                        "deploy", "shop", "development", "--artifact", tag],
                                             in: project.repo.path, environment: env) { isStdout, data in
            if !isStdout, String(decoding: data, as: UTF8.self).contains("SIGINT received") { kill(pid.current, SIGINT) }
        }
        pid.withLock { $0 = process.pid }
        #expect(Self.waitForFile(project.hostsRoot + "/dev-1/started"))
        kill(process.pid, SIGINT)
        let result = process.wait()
        #expect(result.status == 130)
        // It did not clean up: the deployment is left running, for the takeover rule.
        #expect(GantryBinary.runningIDs(try project.gantry("status", "shop", "--json").stdout) == [1])
        try FileManager.default.removeItem(atPath: project.hostsRoot + "/slow")
        let next = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout.contains("took over the lock of deployment #1"))
    }

    @Test func aFileTheHostCannotWriteIsAFailedStepWithTheRemoteError() throws {
        let project = try DeployProject(extraSteps: """
          - name: misplaced
            file: { template: templates/files/app.env, to: "/nonexistent-gantry-folder/app.env" }
        """)
        let tag = try project.build()
        let result = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("No such file or directory"))
        #expect(result.stderr.contains("step 'misplaced' could not write /nonexistent-gantry-folder/app.env"))
    }

    @Test func aKeptArtifactFileReplacedAfterItsBuildIsRefused() throws {
        let project = try DeployProject()
        let tag = try project.build()
        let kept = URL(fileURLWithPath: project.statePath).deletingLastPathComponent()
            .appendingPathComponent("artifacts/shop/\(tag)/shop.tgz")
        #expect(FileManager.default.fileExists(atPath: kept.path))
        try Data("other bytes".utf8).write(to: kept)
        let result = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("no longer matches the digest recorded when it was built"))
        #expect(!FileManager.default.fileExists(atPath: project.hostsRoot + "/dev-1/releases/\(tag).tgz"))
        let audit = try project.gantry("audit", "--json")
        #expect(audit.stdout.contains("\"outcome\":\"refused\""))
    }
}
