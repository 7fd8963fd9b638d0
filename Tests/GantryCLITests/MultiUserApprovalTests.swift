import Foundation
import GantryStore
import GantryTestSupport
import Testing

/// Real OS users sharing one store through a group, approving as themselves (docs/state.md,
/// "Sharing through a group"). Needs root, as in CI: it creates the users and runs gantry as each of them.
@Suite(.serialized) struct MultiUserApprovalTests {
    static let group = "gantry-team"
    static let users = ["gantry-alice", "gantry-bob", "gantry-carol", "gantry-dave", "gantry-mallory"]

    /// Creates the group and users once per test process (idempotent: existing ones are kept).
    static let accounts: Result<Void, any Error> = Result {
        guard getuid() == 0 else {
            throw TestSSHDError("MultiUserApprovalTests must run as root (as CI does): they create OS users "
                + "\(users.joined(separator: ", ")) and group \(group) and run gantry as them with runuser")
        }
        if getgrnam(group) == nil { try runAsRoot("/usr/sbin/groupadd", [group]) }
        for user in users {
            if getpwnam(user) == nil {
                try runAsRoot("/usr/sbin/useradd", ["-M", "-N", "-G", group, "-s", "/bin/sh", user])
            } else {
                try runAsRoot("/usr/sbin/usermod", ["-a", "-G", group, user])
            }
        }
    }

    /// Runs a command as root; passwd-file locks held by a concurrent useradd are retried.
    static func runAsRoot(_ executable: String, _ arguments: [String]) throws(TestSSHDError) {
        var status: Int32 = -1
        for _ in 0..<10 {
            status = (try? TestSSHD.run(executable, arguments)) ?? -1
            if status == 0 { return }
            if executable.hasSuffix("groupadd") && getgrnam(group) != nil { return }
            if executable.hasSuffix("useradd"), let user = arguments.last, getpwnam(user) != nil { return }
            usleep(300_000)
        }
        throw TestSSHDError("\(executable) \(arguments.joined(separator: " ")) exited \(status)")
    }

    /// A project readable by everyone, a store folder shared through the group, and a copy of the binary.
    struct Project {
        let folder: TemporaryDirectory
        let binary: String
        let pipelines: String
        let storeFolder: String
        var statePath: String { storeFolder + "/state.db" }

        init() throws {
            folder = try TemporaryDirectory(prefix: "gantry-team")
            chmod(folder.path, 0o755)
            let built = try #require(GantryBinary.url, "build with `swift build --build-tests` first")
            binary = folder.path + "/bin/gantry"
            try FileManager.default.createDirectory(atPath: folder.path + "/bin", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: built.path, toPath: binary)
            chmod(folder.path + "/bin", 0o755)
            chmod(binary, 0o755)
            pipelines = folder.path + "/pipelines"
            try FileManager.default.createDirectory(atPath: pipelines, withIntermediateDirectories: true)
            chmod(pipelines, 0o755)
            let yaml = """
                version: 1
                name: shop
                hosts:
                  stage-1: { address: 127.0.0.1 }
                  prod-1: { address: 127.0.0.1 }
                environments:
                  staging:
                    hosts: [stage-1]
                  production:
                    from: staging
                    hosts: [prod-1]
                    approval: { required: 2, approvers: [gantry-alice, gantry-bob, gantry-carol] }
                steps:
                  - name: noop
                    run: "true"

                """
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: pipelines + "/shop.yml"))
            chmod(pipelines + "/shop.yml", 0o644)
            // The team's store folder: group-owned and setgid, so everything inside stays the group's.
            storeFolder = folder.path + "/state"
            try FileManager.default.createDirectory(atPath: storeFolder, withIntermediateDirectories: false)
            let gid = try #require(getgrnam(MultiUserApprovalTests.group)).pointee.gr_gid
            #expect(chown(storeFolder, 0, gid) == 0)
            #expect(chmod(storeFolder, 0o2770) == 0)
        }

        /// `gantry ARGS` as `user`, through runuser, in the project folder.
        ///
        /// Under umask 077 by default: the store's files must stay the group's whatever the user's umask.
        func gantry(as user: String, umask: String = "077", state: String? = nil,
                    _ arguments: [String]) throws -> GantryBinary.Result {
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = "1"
            environment["GANTRY_STATE"] = nil
            let result = try ChildProcess.run("/usr/sbin/runuser",
                                              ["-u", user, "--", "/bin/sh", "-c", "umask \(umask); exec \"$0\" \"$@\"", binary,
                                               "--pipelines", pipelines, "--state", state ?? statePath] + arguments,
                                              in: folder.path, environment: environment)
            return GantryBinary.Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
        }

        /// Records artifact v1 as built and succeeded in staging, straight through the store (as root).
        func seedStaging() throws {
            let store = try StateStore.open(path: statePath)
            let now = Date()
            _ = try store.recordArtifact(Artifact(pipeline: "shop", tag: "v1", commit: String(repeating: "a", count: 40),
                                                  builtBy: "root", builtAt: now))
            let deployment = try store.createDeployment(NewDeployment(pipeline: "shop", environment: "staging", artifactTag: "v1",
                                                                      commit: String(repeating: "a", count: 40), kind: .deploy,
                                                                      actor: "root", startedAt: now))
            _ = try store.updateDeployment(id: deployment.id, status: .running, now: now)
            _ = try store.updateDeployment(id: deployment.id, status: .succeeded, now: now)
        }

        /// Starts `sqlite3` as `user` under umask 077, reading the store and keeping it open for `seconds`.
        ///
        /// Returns once the database's `-shm` file exists (the reader has it open).
        func holdOpen(as user: String, seconds: Int) throws -> ChildProcess.Running {
            let script = "umask 077; { echo 'SELECT count(*) FROM audit_event;'; sleep \(seconds); } | sqlite3 '\(statePath)' >/dev/null"
            let process = try ChildProcess.start("/usr/sbin/runuser", ["-u", user, "--", "/bin/sh", "-c", script])
            let deadline = Date().addingTimeInterval(Double(seconds))
            while !FileManager.default.fileExists(atPath: statePath + "-shm") && Date() < deadline { usleep(20_000) }
            return process
        }

        /// The one open request of production in `gantry status --json`.
        func productionRequest(as user: String) throws -> [String: Any] {
            let status = try gantry(as: user, ["status", "shop", "--json"])
            #expect(status.status == 0, "status as \(user): \(status.stderr)")
            let production = try #require(GantryBinary.statusEnvironment(status.stdout, "production"))
            return try #require((production["requests"] as? [[String: Any]])?.first)
        }
    }

    @Test func approversAreTheRealOSUsersAndTheStoreStaysTheGroups() throws {
        try Self.accounts.get()
        let project = try Project()
        let probe = try project.gantry(as: "gantry-alice", ["validate"])
        try #require(probe.status == 0, """
            gantry must run as gantry-alice (are the project folder and the Swift runtime libraries readable by all \
            users?): exit \(probe.status), \(probe.stderr)
            """)
        try project.seedStaging()

        let requested = try project.gantry(as: "gantry-dave", ["promote", "shop", "production"])
        #expect(requested.status == 3, "stdout: \(requested.stdout) stderr: \(requested.stderr)")
        #expect((requested.stdout + requested.stderr).contains("gantry-alice, gantry-bob or gantry-carol"))

        let own = try project.gantry(as: "gantry-dave", ["approve", "shop", "production", "--artifact", "v1", "--yes"])
        #expect(own.status == 3)
        #expect(own.stderr.contains("gantry-dave requested this promotion and may not approve it"))

        let outsider = try project.gantry(as: "gantry-mallory", ["approve", "shop", "production", "--artifact", "v1", "--yes"])
        #expect(outsider.status == 3)
        #expect(outsider.stderr.contains("gantry-mallory may not approve production: approvers are gantry-alice, gantry-bob and gantry-carol"))

        let alice = try project.gantry(as: "gantry-alice", ["approve", "shop", "production", "--artifact", "v1", "--yes"])
        #expect(alice.status == 0, "stderr: \(alice.stderr)")
        #expect(alice.stdout.contains("approval recorded"))
        let again = try project.gantry(as: "gantry-alice", ["approve", "shop", "production", "--artifact", "v1", "--yes"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(again.stdout.contains("gantry-alice already approved v1; it counts once"))

        let waiting = try project.productionRequest(as: "gantry-carol")
        #expect(waiting["requester"] as? String == "gantry-dave")
        #expect(waiting["approved_by"] as? [String] == ["gantry-alice"])
        #expect(waiting["missing"] as? Int == 1)
        #expect(waiting["status"] as? String == "open")

        // A reader with a hostile umask keeps the database open, so its -wal and -shm files exist
        // while bob writes into them; they must still be the group's.
        let reader = try project.holdOpen(as: "gantry-carol", seconds: 4)
        let bob = try project.gantry(as: "gantry-bob", ["approve", "shop", "production", "--artifact", "v1", "--yes"])
        #expect(bob.status == 0, "stderr: \(bob.stderr)")
        #expect(bob.stdout.contains("v1 to production is approved (gantry-alice, gantry-bob)"))

        let approved = try project.productionRequest(as: "gantry-mallory")
        #expect(approved["requester"] as? String == "gantry-dave")
        #expect(approved["approved_by"] as? [String] == ["gantry-alice", "gantry-bob"])
        #expect(approved["missing"] as? Int == 0)
        #expect(approved["status"] as? String == "approved")

        // Every user wrote: the refusals and approvals are in the audit log under their own names.
        let audit = try project.gantry(as: "gantry-carol", ["audit", "--json"])
        #expect(audit.status == 0, "stderr: \(audit.stderr)")
        let events = try #require((try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])?["events"]
            as? [[String: Any]])
        let approvals = events.filter { $0["action"] as? String == "approve" }
            .map { "\($0["actor"] as? String ?? "?") \($0["outcome"] as? String ?? "?")" }
        #expect(approvals == ["gantry-dave refused", "gantry-mallory refused", "gantry-alice recorded", "gantry-bob recorded"])
        #expect(events.contains {
            $0["actor"] as? String == "gantry-dave" && $0["action"] as? String == "request" && $0["outcome"] as? String == "opened"
        })
        #expect(try project.gantry(as: "gantry-mallory", ["audit", "--verify"]).status == 0)

        try Self.expectGroupShared(project.storeFolder, whileOpen: true)
        #expect(reader.wait().status == 0, "the reader could not use the store")
        try Self.expectGroupShared(project.storeFolder, whileOpen: false)
    }

    @Test func aStoreFolderGantryCreatesIsSetgidAndGroupWritableWhateverTheUmask() throws {
        try Self.accounts.get()
        let project = try Project()
        // A group-writable parent, as a team's shared folder would be.
        let parent = project.folder.path + "/shared"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: false)
        let gid = try #require(getgrnam(Self.group)).pointee.gr_gid
        #expect(chown(parent, 0, gid) == 0)
        #expect(chmod(parent, 0o2770) == 0)
        let state = parent + "/team/state.db"
        let result = try project.gantry(as: "gantry-alice", state: state, ["status", "shop"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        try Self.expectGroupShared(parent + "/team", whileOpen: false)
        // Another member can use the store alice created.
        #expect(try project.gantry(as: "gantry-bob", state: state, ["audit", "--verify"]).status == 0)
        // Someone outside the group cannot: the store is unavailable to them (exit 4).
        let outsider = try project.gantry(as: "nobody", state: state, ["status", "shop"])
        #expect(outsider.status == 4)
        #expect(outsider.stderr.contains("is unavailable"), "stderr: \(outsider.stderr)")
    }

    /// Every file in the store folder belongs to the group and is group-readable and -writable.
    static func expectGroupShared(_ folder: String, whileOpen: Bool) throws {
        let gid = try #require(getgrnam(group)).pointee.gr_gid
        var folderInfo = stat()
        #expect(stat(folder, &folderInfo) == 0)
        #expect(folderInfo.st_mode & 0o7777 == 0o2770)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.contains("state.db"))
        if whileOpen {
            #expect(names.contains("state.db-wal"))
            #expect(names.contains("state.db-shm"))
        }
        for name in names {
            var info = stat()
            #expect(stat(folder + "/" + name, &info) == 0)
            #expect(info.st_gid == gid, "\(name) belongs to group \(info.st_gid), not \(group)")
            #expect(info.st_mode & 0o060 == 0o060, "\(name) has mode \(String(info.st_mode & 0o7777, radix: 8))")
            #expect(info.st_mode & 0o007 == 0, "\(name) is open to others: \(String(info.st_mode & 0o7777, radix: 8))")
        }
    }
}
