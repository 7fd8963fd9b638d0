import Foundation
import Testing
import GantryTestSupport

/// Deploy, promote and roll back through the real binary, the real sshd and real files.
@Suite(.serialized) struct DeployEndToEndTests {
    @Test func deployAndPromoteChangeTheHostsForReal() throws {
        let project = try DeployProject()
        let tag = try project.build()
        let again = try project.gantry("build", "shop")
        #expect(again.status == 0)
        #expect(again.stdout.contains("already built"))

        let deploy = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        #expect(project.currentRelease("dev-1") == tag)
        #expect(project.hostFile("dev-1", "current/app/VERSION") == "1\n")
        #expect(project.hostFile("dev-1", "shared/app.env") == "ENV=development\nLOG_LEVEL=info\nDB_PASSWORD=s3cret\nRELEASE=\(tag)\n")
        let mode = try FileManager.default.attributesOfItem(atPath: "\(project.hostsRoot)/dev-1/shared/app.env")[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let plan = try project.gantry("plan", "shop", "staging")
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("Gates now (for \(tag))"))
        #expect(plan.stdout.contains("✓ path: \(tag) succeeded in development"))
        let promote = try project.gantry("promote", "shop", "staging")
        #expect(promote.status == 0, "\(promote.stderr)")
        #expect(promote.stdout.contains("stage-1 ✓ switch"))
        #expect(project.currentRelease("stage-1") == tag)
        #expect(project.hostFile("stage-1", "shared/app.env")?.contains("LOG_LEVEL=debug") == true)
        #expect(project.currentRelease("prod-1") == nil)

        let history = try project.gantry("history", "shop", "--json")
        #expect(history.stdout.components(separatedBy: "\"status\":\"succeeded\"").count - 1 == 2)
        let audit = try project.gantry("audit", "--verify")
        #expect(audit.status == 0)
        #expect(audit.stdout.contains("audit chain intact"))
    }

    @Test func promotingWhatDidNotSucceedInFromIsRefused() throws {
        let project = try DeployProject()
        let tag = try project.build()
        let result = try project.gantry("promote", "shop", "staging", "--artifact", tag)
        #expect(result.status == 3)
        #expect(result.stderr.contains("path: \(tag) has not succeeded in development"))
        #expect(project.currentRelease("stage-1") == nil)
    }

    @Test func secondBatchFailureRollsBackTheFirstHost() throws {
        let project = try DeployProject(extraSteps: """
          - name: guard
            run: "test ! -f ${vars.ROOT}/${host.name}/broken"
        """)
        let first = try project.build()
        for env in ["development"] { #expect(try project.gantry("deploy", "shop", env, "--artifact", first).status == 0) }
        #expect(try project.gantry("promote", "shop", "staging").status == 0)
        #expect(try project.gantry("promote", "shop", "production").status == 0)
        #expect(project.currentRelease("prod-2") == first)

        try project.repo.write("app/VERSION", "2\n")
        try project.repo.commit("second")
        let second = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", second).status == 0)
        #expect(try project.gantry("promote", "shop", "staging").status == 0)
        FileManager.default.createFile(atPath: "\(project.hostsRoot)/prod-2/broken", contents: Data())
        let result = try project.gantry("promote", "shop", "production")
        #expect(result.status == 1)
        #expect(result.stdout.contains("rolling back on prod-1, prod-2"))
        #expect(project.currentRelease("prod-1") == first) // rolled back for real
        #expect(project.currentRelease("prod-2") == first) // never switched
        #expect(result.stderr.contains("prod-2: step 'guard' exit 1"))
    }

    @Test func secretsNeverAppearInOutputJSONTheDatabaseOrItsWAL() throws {
        let secret = "pa'ss\"wo\nrd-x9"
        let project = try DeployProject(extraSteps: """
          - name: leak
            run: "python3 -c 'import sys,time\\nfor b in sys.argv[1].encode():\\n    sys.stdout.buffer.write(bytes([b])); sys.stdout.flush(); time.sleep(0.005)' ${secrets.DB_PASSWORD}; echo; echo done >&2"
        """)
        project.environment["GANTRY_SECRET_DB_PASSWORD"] = secret
        let tag = try project.build()
        let human = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(human.status == 0, "\(human.stderr)")
        #expect(human.stdout.contains("dev-1 | ***"))
        let json = try project.gantry("logs", "1", "--json")
        #expect(json.stdout.contains("***"))
        let fragments = ["pa'ss", "wo\nrd", "rd-x9", "pa\\u0027ss"]
        for text in [human.stdout, human.stderr, json.stdout] {
            for fragment in fragments { #expect(!text.contains(fragment), "\(fragment) leaked") }
        }
        for file in [project.statePath, project.statePath + "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
            for fragment in ["pa'ss\"wo", "rd-x9"] {
                #expect(bytes.range(of: Data(fragment.utf8)) == nil, "\(fragment) found in \(file)")
            }
        }
        // The rendered config file on the host is the one place the value belongs.
        #expect(project.hostFile("dev-1", "shared/app.env")?.contains(secret) == true)
    }

    @Test func killDashNineDuringAStepThenTheNextRunTakesOverAndHistoryShowsInterrupted() throws {
        let project = try DeployProject(extraSteps: """
          - name: slow
            run: "if [ -f ${vars.ROOT}/slow ]; then sleep 20; fi"
        """)
        let tag = try project.build()
        try FileManager.default.createDirectory(atPath: project.hostsRoot, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: project.hostsRoot + "/slow", contents: Data())
        let process = try project.start("deploy", "shop", "development", "--artifact", tag)
        var running = false
        for _ in 0..<100 where !running {
            Thread.sleep(forTimeInterval: 0.1)
            running = (try? GantryBinary.runningIDs(project.gantry("status", "shop", "--json").stdout)) == [1]
        }
        #expect(running)
        kill(process.pid, SIGKILL)
        _ = process.wait()
        try FileManager.default.removeItem(atPath: project.hostsRoot + "/slow")

        let next = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(next.status == 0, "\(next.stderr)")
        let history = try project.gantry("history", "shop")
        #expect(history.stdout.contains("interrupted"))
        #expect(history.stdout.contains("succeeded"))
        #expect(project.currentRelease("dev-1") == tag)
    }

    @Test func twoConcurrentDeploysOneRunsTheOtherIsRefusedNamingTheHolder() throws {
        let project = try DeployProject(extraSteps: """
          - name: slow
            run: "sleep 2"
        """)
        let tag = try project.build()
        let first = try project.start("deploy", "shop", "development", "--artifact", tag)
        var running = false
        for _ in 0..<100 where !running {
            Thread.sleep(forTimeInterval: 0.1)
            running = (try? GantryBinary.runningIDs(project.gantry("status", "shop", "--json").stdout)) == [1]
        }
        let second = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(first.wait().status == 0)
        #expect(second.status == 3)
        #expect(second.stderr.contains("locked by deployment #1"))
        #expect(second.stderr.contains("wait longer with --lock-wait"))
        let waited = try project.gantry("deploy", "shop", "development", "--artifact", tag, "--lock-wait", "30s")
        #expect(waited.status == 0)
        #expect(try project.gantry("audit", "--verify").status == 0)
    }

    @Test func anOverwrittenDigestRefusesTheDeployment() throws {
        let project = try DeployProject(artifact: "  build: \"true\"\n  digest: \"cat \(NSTemporaryDirectory())gantry-digest-${artifact.tag}\"")
        let tag = try project.repo.gitLine("rev-parse", "--short=7", "HEAD")
        let digestFile = NSTemporaryDirectory() + "gantry-digest-" + tag
        try "sha256:aaa\n".write(toFile: digestFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: digestFile) }
        #expect(try project.build() == tag)
        try "sha256:bbb\n".write(toFile: digestFile, atomically: true, encoding: .utf8)
        let result = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(result.status == 3)
        #expect(result.stderr.contains("was built with digest sha256:aaa but now reads sha256:bbb"))
    }

    @Test func configOnlyRendersFilesForTheArtifactRunningThere() throws {
        let project = try DeployProject()
        let tag = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", tag).status == 0)
        project.environment["GANTRY_SECRET_DB_PASSWORD"] = "rotated"
        let result = try project.gantry("deploy", "shop", "development", "--config-only")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("unpack"))
        #expect(project.hostFile("dev-1", "shared/app.env")?.contains("DB_PASSWORD=rotated") == true)
        let history = try project.gantry("history", "shop")
        #expect(history.stdout.contains("config-only"))
    }

    @Test func aStepThatOutlivesItsTimeoutFails() throws {
        let project = try DeployProject(extraSteps: """
          - name: hang
            run: "sleep 30"
            timeout: 1s
        """)
        let tag = try project.build()
        let started = Date()
        let result = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(result.status == 1)
        #expect(result.stdout.contains("timed out after 1s"))
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test func rollbackReturnsToThePreviousArtifact() throws {
        let project = try DeployProject()
        let first = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", first).status == 0)
        try project.repo.write("app/VERSION", "2\n")
        try project.repo.commit("second")
        let second = try project.build()
        #expect(try project.gantry("deploy", "shop", "development", "--artifact", second).status == 0)
        #expect(project.currentRelease("dev-1") == second)
        let result = try project.gantry("rollback", "shop", "development")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(project.currentRelease("dev-1") == first)
        let refused = try project.gantry("rollback", "shop", "development", "--to", "nope")
        #expect(refused.status == 3)
    }
}
