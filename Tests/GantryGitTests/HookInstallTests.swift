import Foundation
import Testing
import GantryGit
import GantryTestSupport
import GantryShell

@Suite struct HookInstallTests {
    private func hook(_ gantry: String = "/usr/local/bin/gantry") throws -> PostReceiveHook {
        try PostReceiveHook(gantryExecutable: gantry, pipelinesDirectory: "/srv/ops/pipelines",
                            statePath: "/srv/ops/.gantry/state.db")
    }

    @Test func installsAnExecutableHookIntoABareRepository() throws {
        let bare = try GitFixture.make(bare: true)
        let result = try hook().install(into: bare.path)
        #expect(result.outcome == .installed)
        #expect(result.chainedHookPath == nil)
        let script = try String(contentsOfFile: result.hookPath, encoding: .utf8)
        #expect(script.hasPrefix("#!/bin/sh\n"))
        #expect(script.contains("exec /usr/local/bin/gantry trigger --pipelines /srv/ops/pipelines --state /srv/ops/.gantry/state.db\n"))
        let mode = try FileManager.default.attributesOfItem(atPath: result.hookPath)[.posixPermissions] as? Int
        #expect(mode == 0o755)
    }

    @Test func pathsAreShellQuoted() throws {
        let quoted = try PostReceiveHook(gantryExecutable: "/opt/my tools/gantry", pipelinesDirectory: "/srv/it's",
                                         statePath: "/srv/$(id)/state.db")
        #expect(quoted.triggerCommand == "'/opt/my tools/gantry' trigger --pipelines '/srv/it'\\''s' --state '/srv/$(id)/state.db'")
    }

    @Test func reinstallingUpdatesInPlace() throws {
        let bare = try GitFixture.make(bare: true)
        try hook().install(into: bare.path)
        let again = try hook("/opt/gantry/bin/gantry").install(into: bare.path)
        #expect(again.outcome == .updated)
        #expect(again.chainedHookPath == nil)
        #expect(try String(contentsOfFile: again.hookPath, encoding: .utf8).contains("exec /opt/gantry/bin/gantry trigger"))
        #expect(FileManager.default.fileExists(atPath: bare.path + "/hooks/" + PostReceiveHook.chainedHookName) == false)
    }

    @Test func refusesANonRepositoryAndRelativePaths() throws {
        let plain = try TemporaryDirectory()
        let error = #expect(throws: GitError.self) { try hook().install(into: plain.path) }
        #expect(error?.kind == .notARepository)
        #expect(error?.message.contains("is not a git repository") == true)
        #expect(FileManager.default.fileExists(atPath: plain.path + "/hooks") == false)
        let relative = #expect(throws: GitError.self) {
            try PostReceiveHook(gantryExecutable: "gantry", pipelinesDirectory: "/p", statePath: "/s")
        }
        #expect(relative?.kind == .invalidArgument)
    }

    @Test func refusesWhenTheChainedNameIsTaken() throws {
        let bare = try GitFixture.make(bare: true)
        try bare.writeHook("post-receive", "#!/bin/sh\necho theirs\n")
        try bare.writeHook(PostReceiveHook.chainedHookName, "#!/bin/sh\necho older\n")
        let error = #expect(throws: GitError.self) { try hook().install(into: bare.path) }
        #expect(error?.kind == .hookConflict)
        #expect(try String(contentsOfFile: bare.path + "/hooks/post-receive", encoding: .utf8) == "#!/bin/sh\necho theirs\n")
    }

    @Test func installsIntoAWorkTreesGitDirectory() throws {
        let repo = try GitFixture.make()
        let result = try hook().install(into: repo.gitDirectory)
        #expect(result.hookPath == repo.gitDirectory + "/hooks/post-receive")
        #expect(FileManager.default.isExecutableFile(atPath: result.hookPath))
    }

    @Test func refusesWhenCoreHooksPathSendsGitElsewhere() throws {
        let bare = try GitFixture.make(bare: true)
        try bare.git("config", "core.hooksPath", "/etc/git-hooks")
        let error = #expect(throws: GitError.self) { try hook().install(into: bare.path) }
        #expect(error?.kind == .hookConflict)
        #expect(error?.message.contains("core.hooksPath") == true)
        #expect(FileManager.default.fileExists(atPath: bare.path + "/hooks/post-receive") == false)
    }

    @Test func theUnchainedScriptIsPinned() throws {
        #expect(try hook().script(chained: false) == """
            #!/bin/sh
            # gantry-managed-hook: post-receive
            # Written by `gantry hooks install`; running it again rewrites this file.
            # Pipelines and state come from the operator's folders, never from the pushed commit.
            exec /usr/local/bin/gantry trigger --pipelines /srv/ops/pipelines --state /srv/ops/.gantry/state.db

            """)
    }
}
