import Foundation
import GantryTestSupport
import Testing

/// What an operator relies on: a down host found before anything changes, targeting, retries
/// that wait, and `gantry check`. Real gantry binary, real sshd, real git, real SQLite.
@Suite struct OperatorTests {
    /// A project with everything in development and staging, ready to promote to production.
    static func readyForProduction(_ project: DeployProject) throws -> String {
        let tag = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", tag).status == 0)
        #expect(try project.gantry("promote", "shop", "staging").status == 0)
        return tag
    }

    @Test func theFirstBatchIsNotTouchedWhenALaterHostIsDown() throws {
        let project = try DeployProject(ports: ["prod-2": TestSSHD.closedPort()])
        let tag = try Self.readyForProduction(project)
        let result = try project.gantry("promote", "shop", "production")
        #expect(result.status == 4, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("pre-flight: 1/2 host(s) reached; not reached: prod-2"))
        #expect(result.stderr.contains("aborted before any host was touched: 1 host(s) could not be reached: prod-2: connect to"))
        // Batch 1 (prod-1) would have changed first: it was not touched.
        #expect(!FileManager.default.fileExists(atPath: project.hostsRoot + "/prod-1"))
        // Said once: not on stdout as well.
        #expect(!result.stdout.contains("could not be reached"))
        _ = tag
    }

    @Test func skipUnreachableDeploysTheRestAndRecordsAPartialRun() throws {
        let project = try DeployProject(ports: ["prod-2": TestSSHD.closedPort()])
        let tag = try Self.readyForProduction(project)
        let result = try project.gantry("promote", "shop", "production", "--skip-unreachable")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(project.currentRelease("prod-1") == tag)
        #expect(result.stdout.contains("partial: prod-1 only"))
        #expect(result.stdout.contains("skipped unreachable: prod-2"))
        let history = try project.gantry("history", "shop", "production", "--json")
        #expect(history.stdout.contains("\"hosts\":[\"prod-1\"]"))
        let audit = try project.gantry("audit", "--json")
        #expect(audit.stdout.contains("skipped unreachable: prod-2"))
        // A partial run is not "what runs in production".
        let status = try project.gantry("status", "shop", "--json")
        let production = try #require(GantryBinary.statusEnvironment(status.stdout, "production"))
        #expect(production["artifact"] is NSNull, "\(status.stdout)")
        let staging = try #require(GantryBinary.statusEnvironment(status.stdout, "staging"))
        #expect(staging["artifact"] as? String == tag)
    }

    @Test func hostsLimitsARunAndAPartialDeploymentNeverOpensThePath() throws {
        let project = try DeployProject()
        let tag = try project.build()
        let partial = try project.gantry("deploy", "shop", "development", "--artifact", tag, "--hosts", "dev-1")
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(project.currentRelease("dev-1") == tag)
        let blocked = try project.gantry("promote", "shop", "staging", "--artifact", tag)
        #expect(blocked.status == 3, "\(blocked.stdout)\n\(blocked.stderr)")
        #expect(blocked.stderr.contains("path:"))
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", tag).status == 0)
        #expect(try project.gantry("promote", "shop", "staging", "--artifact", tag).status == 0)

        // Groups work, hosts outside the environment are refused before anything runs.
        let wrong = try project.gantry("promote", "shop", "production", "--hosts", "stage-1")
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("'stage-1' is not a host or group of environment 'production'"))
        let one = try project.gantry("promote", "shop", "production", "--hosts", "prod-2")
        #expect(one.status == 0, "\(one.stderr)")
        #expect(project.currentRelease("prod-2") == tag)
        #expect(project.currentRelease("prod-1") == nil)
        let exec = try project.gantry("exec", "shop", "production", "--hosts", "prod", "--", "echo", "hi")
        #expect(exec.status == 0)
        #expect(exec.stdout.contains("prod-1 | hi") && exec.stdout.contains("prod-2 | hi"))
    }

    @Test func rollbackWithHostsReturnsOnlyThoseHostsAndHistorySaysPartial() throws {
        let project = try DeployProject()
        let first = try project.build()
        for (verb, env) in [("deploy", "development"), ("promote", "staging"), ("promote", "production")] {
            #expect(try project.gantry(verb, "shop", env, "--artifact", first).status == 0)
        }
        try project.repo.write("app/VERSION", "2\n")
        try project.repo.commit("second")
        let second = try project.build()
        for (verb, env) in [("deploy", "development"), ("promote", "staging"), ("promote", "production")] {
            #expect(try project.gantry(verb, "shop", env, "--artifact", second).status == 0)
        }
        let back = try project.gantry("rollback", "shop", "production", "--hosts", "prod-2")
        #expect(back.status == 0, "\(back.stdout)\(back.stderr)")
        #expect(project.currentRelease("prod-2") == first && project.currentRelease("prod-1") == second)
        let history = try project.gantry("history", "shop", "production")
        let newest = history.stdout.split(separator: "\n").first { $0.contains("rollback") }
        #expect(newest?.contains("[partial: prod-2]") == true, "\(history.stdout)")
        let wrong = try project.gantry("rollback", "shop", "production", "--hosts", "dev-1")
        #expect(wrong.status == 2 && wrong.stderr.contains("'dev-1' is not a host or group of environment 'production'"))
    }

    @Test func retriesWaitAndEveryAttemptIsKept() throws {
        let project = try DeployProject(extraSteps: """
          - name: flaky
            retries: 2
            retry_delay: 1s
            run: "if [ -f ${vars.ROOT}/${host.name}/tried ]; then echo second try; else touch ${vars.ROOT}/${host.name}/tried; echo first try; exit 7; fi"
        """)
        let tag = try project.build()
        let result = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("flaky attempt 2/3 in 1s: exit 7"))
        let logs = try project.gantry("logs", "1", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(logs.stdout.utf8)) as? [String: Any])
        let flaky = try #require(object["steps"] as? [[String: Any]]).filter { $0["step"] as? String == "flaky" }
        #expect(flaky.map { $0["attempt"] as? Int } == [1, 2])
        #expect(flaky.map { $0["status"] as? String } == ["failed", "succeeded"])
        #expect((flaky.first?["output"] as? String)?.contains("first try") == true)
        #expect((flaky.last?["output"] as? String)?.contains("second try") == true)
    }

    @Test func checkReportsEveryHostAndTheLinesToPin() throws {
        let sshd = try TestSSHD.shared()
        // known_hosts knows every alias but prod-2's (127.0.0.5).
        let partial = try TemporaryDirectory()
        let lines = try String(contentsOfFile: sshd.aliasKnownHostsPath, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("[127.0.0.5]:") }
        let knownHosts = partial.path + "/known_hosts"
        try (lines.joined(separator: "\n") + "\n").write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let project = try DeployProject(extraSteps: """
          - name: privileged
            run: "sudo -n true"
        """, knownHosts: knownHosts, ports: ["stage-1": TestSSHD.closedPort()])

        let production = try project.gantry("check", "shop", "production")
        #expect(production.status == 4, "\(production.stdout)\n\(production.stderr)")
        #expect(production.stdout.contains("prod-1"))
        #expect(production.stdout.contains("host-key-unknown"))
        #expect(production.stdout.contains("1/2 host(s) of production ready"))
        #expect(production.stderr.contains("prod-2: verify host key: unknown host key"))

        let pin = try project.gantry("check", "shop", "production", "--known-hosts-lines")
        #expect(pin.stdout.hasPrefix("[127.0.0.5]:\(sshd.port) ssh-ed25519 AAAA"))
        #expect(pin.stdout.split(separator: "\n").count == 1)

        let development = try project.gantry("check", "shop", "development", "--json")
        #expect(development.status == 0, "\(development.stderr)")
        #expect(development.stdout.contains("\"ready\":true"))
        #expect(development.stdout.contains("\"sudo\":true"))

        let staging = try project.gantry("check", "shop", "staging", "--json")
        #expect(staging.status == 4)
        #expect(staging.stdout.contains("\"cause\":\"connection-refused\""))
    }

    @Test func hostsThatFailAlikeAreNamedInOneLine() throws {
        let closed = TestSSHD.closedPort()
        let project = try DeployProject(ports: ["prod-1": closed, "prod-2": closed])
        _ = try Self.readyForProduction(project)
        let result = try project.gantry("promote", "shop", "production")
        #expect(result.status == 4)
        #expect(result.stderr.contains("2 host(s) could not be reached: 2 hosts (prod-1, prod-2): connection refused"),
                "\(result.stderr)")
    }

    @Test func statusShowsARunningDeploymentWithItsStep() throws {
        let project = try DeployProject(extraSteps: """
          - name: hold
            timeout: 10m
            run: "touch ${vars.ROOT}/${host.name}/holding; while [ ! -f ${vars.ROOT}/release ]; do sleep 0.1; done"
        """)
        let tag = try project.build()
        let process = try project.start("deploy", "shop", "development", "--artifact", tag)
        #expect(GantryBinary.waitUntil { FileManager.default.fileExists(atPath: project.hostsRoot + "/dev-1/holding") })
        let status = try project.gantry("status", "shop")
        let json = try project.gantry("status", "shop", "--json")
        FileManager.default.createFile(atPath: project.hostsRoot + "/release", contents: Data())
        #expect(process.wait().status == 0)
        #expect(status.stdout.contains("running: #1 deploy \(tag) by "), "\(status.stdout)")
        #expect(status.stdout.contains(", at hold on dev-1"))
        let running = (GantryBinary.statusEnvironment(json.stdout, "development")?["running"] as? [[String: Any]])?.first
        #expect(running?["step"] as? String == "hold on dev-1")
        #expect(running?["artifact"] as? String == tag)
    }
}
