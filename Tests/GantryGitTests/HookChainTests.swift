import Foundation
import Testing
import GantryGit
import GantryTestSupport

/// The post-receive hook run by a real `git push`, chained with a hook that was already there.
@Suite struct HookChainTests {
    /// A bare repository with a foreign hook, a fake `gantry` recording what it gets, and Gantry's hook.
    private struct Setup {
        let bare: GitFixture
        let records: TemporaryDirectory
        let installation: HookInstallation
        var recordsPath: String { records.path }
    }

    private func setup(oldHookExit: Int = 0, gantryExit: Int = 0) throws -> Setup {
        let bare = try GitFixture.make(bare: true)
        let records = try TemporaryDirectory(prefix: "gantry hook records")
        let dir = records.path
        try bare.writeHook("post-receive", "#!/bin/sh\ncat > '\(dir)/old-hook-stdin'\nexit \(oldHookExit)\n")
        let fake = dir + "/fake gantry"
        try Data("#!/bin/sh\nprintf '%s\\n' \"$@\" > '\(dir)/gantry-args'\ncat > '\(dir)/gantry-stdin'\nexit \(gantryExit)\n".utf8)
            .write(to: URL(fileURLWithPath: fake))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        let hook = try PostReceiveHook(gantryExecutable: fake, pipelinesDirectory: dir + "/pipelines",
                                       statePath: dir + "/state.db")
        let installation = try hook.install(into: bare.path)
        return Setup(bare: bare, records: records, installation: installation)
    }

    @Test func aRealPushFeedsTheSameInputToBothHooks() throws {
        let s = try setup()
        #expect(s.installation.outcome == .chained)
        #expect(s.installation.chainedHookPath == s.bare.path + "/hooks/" + PostReceiveHook.chainedHookName)

        let work = try GitFixture.make()
        let head = try work.commit("first", files: ["a.txt": "1\n"])
        try work.tag("v1.0", message: "release")
        let tagObject = try work.sha("refs/tags/v1.0")
        try work.git("push", "-q", s.bare.path, "main", "v1.0")

        let zero = String(repeating: "0", count: 40)
        let old = try String(contentsOfFile: s.recordsPath + "/old-hook-stdin", encoding: .utf8)
        let new = try String(contentsOfFile: s.recordsPath + "/gantry-stdin", encoding: .utf8)
        #expect(old == new)
        let updates = try RefUpdate.parseAll(new)
        #expect(Set(updates.map(\.refName)) == ["refs/heads/main", "refs/tags/v1.0"])
        #expect(updates.contains(RefUpdate(oldSha: zero, newSha: head, refName: "refs/heads/main")))
        #expect(updates.contains(RefUpdate(oldSha: zero, newSha: tagObject, refName: "refs/tags/v1.0")))
        // The hook hands over the tag object; resolving it in the bare repository gives the commit.
        #expect(try GitRepository(path: s.bare.path).commit(tagObject).sha == head)

        let args = try String(contentsOfFile: s.recordsPath + "/gantry-args", encoding: .utf8)
        #expect(args == "trigger\n--pipelines\n\(s.recordsPath)/pipelines\n--state\n\(s.recordsPath)/state.db\n")
    }

    @Test func theExitStatusIsTheWorseOfTheTwo() throws {
        let s = try setup(oldHookExit: 3, gantryExit: 1)
        let line = "\(String(repeating: "0", count: 40)) \(String(repeating: "a", count: 40)) refs/heads/main\n"
        let failure = #expect(throws: CommandFailure.self) {
            try GitCLI.run(["sh", "hooks/post-receive"], in: s.bare.path, stdin: line)
        }
        #expect(failure?.status == 3)
        #expect(try String(contentsOfFile: s.recordsPath + "/gantry-stdin", encoding: .utf8) == line)
        #expect(try String(contentsOfFile: s.recordsPath + "/old-hook-stdin", encoding: .utf8) == line)
    }

    @Test func reinstallingKeepsTheChain() throws {
        let s = try setup()
        let hook = try PostReceiveHook(gantryExecutable: "/usr/bin/gantry", pipelinesDirectory: "/p", statePath: "/s")
        let again = try hook.install(into: s.bare.path)
        #expect(again.outcome == .updated)
        #expect(again.chainedHookPath == s.installation.chainedHookPath)
        let script = try String(contentsOfFile: again.hookPath, encoding: .utf8)
        #expect(script.contains(PostReceiveHook.chainedHookName))
        #expect(script.contains("/usr/bin/gantry trigger --pipelines /p --state /s <\"$input\""))
        let kept = try String(contentsOfFile: s.bare.path + "/hooks/" + PostReceiveHook.chainedHookName, encoding: .utf8)
        #expect(kept.contains("old-hook-stdin"))
    }

    @Test func aBranchNameWithShellSyntaxReachesGantryAsData() throws {
        let s = try setup()
        let work = try GitFixture.make()
        let head = try work.commit("first")
        let branch = "`touch${IFS}pwned`$(touch${IFS}pwned2)"
        try work.git("push", "-q", s.bare.path, "HEAD:refs/heads/\(branch)")
        let updates = try RefUpdate.parseAll(try String(contentsOfFile: s.recordsPath + "/gantry-stdin", encoding: .utf8))
        #expect(updates.map(\.shortName) == [branch])
        #expect(updates.first?.newSha == head)
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: s.bare.path + "/pwned") == false)
        #expect(fm.fileExists(atPath: s.bare.path + "/pwned2") == false)
    }
}
