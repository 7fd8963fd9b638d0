import Foundation
import GantryTestSupport
import Testing

/// `git push` into a bare repository with Gantry's hook: the real binary, real git, real sshd.
///
/// Serialized: each test pushes, builds and deploys over SSH, and one of them measures when
/// output reaches the pusher, which two busy cores would blur.
@Suite(.serialized) struct TriggerEndToEndTests {
    @Test func pushToMainBuildsOnceAndDeploysToDevelopment() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        let install = try f.installHook()
        #expect(install.status == 0, "\(install.stderr)")
        let sha = try f.clone.commit("first", files: ["app.txt": "v1\n"])
        let short = String(sha.prefix(7))

        let push = try f.push("main")
        #expect(push.status == 0)
        #expect(push.remote.contains { $0.contains("building") }, "\(push.stderr)")
        #expect(f.deployed(on: "dev-1") == short, "\(push.stderr)")
        #expect(f.deployed(on: "stage-1") == nil)
        #expect(f.buildsRun == 1)
        #expect(try f.artifactCount() == 1)
        #expect(try f.artifactCount(commit: sha) == 1)

        let history = try f.history()
        #expect(history.count == 1)
        #expect(history.first?["environment"] as? String == "development")
        #expect(history.first?["artifact"] as? String == short)
        #expect(history.first?["status"] as? String == "succeeded")
        #expect(history.first?["trigger"] as? String == "hook")
        let text = try f.gantry(["history", "shop"])
        #expect(text.stdout.contains("development") && text.stdout.contains(short) && text.stdout.contains("via hook"))
    }

    @Test func annotatedAndLightweightTagsPromoteWithoutRebuilding() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        #expect(try f.installHook().status == 0)

        let first = try f.clone.commit("first", files: ["app.txt": "v1\n"])
        #expect(try f.push("main").status == 0)
        #expect(f.deployed(on: "dev-1") == String(first.prefix(7)))
        #expect(f.buildsRun == 1)

        // Annotated: the pushed sha is the tag object, which must be peeled to the commit.
        try f.clone.tag("v1.0", message: "release 1.0")
        #expect(try f.clone.sha("v1.0") != first)
        let annotated = try f.push("v1.0")
        #expect(annotated.status == 0)
        #expect(f.deployed(on: "stage-1") == String(first.prefix(7)), "\(annotated.stderr)")
        #expect(f.buildsRun == 1, "a promotion never rebuilds")
        #expect(try f.artifactCount() == 1)

        // Lightweight: the pushed sha is the commit itself.
        let second = try f.clone.commit("second", files: ["app.txt": "v2\n"])
        #expect(try f.push("main").status == 0)
        #expect(f.deployed(on: "dev-1") == String(second.prefix(7)))
        #expect(f.buildsRun == 2)
        try f.clone.tag("v1.1")
        #expect(try f.clone.sha("v1.1") == second)
        let lightweight = try f.push("v1.1")
        #expect(lightweight.status == 0)
        #expect(f.deployed(on: "stage-1") == String(second.prefix(7)), "\(lightweight.stderr)")
        #expect(f.buildsRun == 2)
        #expect(try f.artifactCount() == 2)

        let staging = try f.history().filter { $0["environment"] as? String == "staging" }
        #expect(staging.map { $0["artifact"] as? String } == [String(second.prefix(7)), String(first.prefix(7))])
        #expect(staging.allSatisfy { $0["kind"] as? String == "promote" && $0["status"] as? String == "succeeded" })
    }

    @Test func unmappedBranchesAndDeletedRefsDoNothing() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        #expect(try f.installHook().status == 0)
        let base = try f.clone.commit("first", files: ["app.txt": "v1\n"])
        #expect(try f.push("main").status == 0)
        #expect(f.buildsRun == 1)
        try f.clone.tag("v9.0")
        #expect(try f.push("v9.0").status == 0)
        let deploymentsBefore = try f.history().count
        #expect(deploymentsBefore == 2)

        try f.clone.git("checkout", "-q", "-b", "feature-x")
        let feature = try f.clone.commit("feature", files: ["app.txt": "wip\n"])
        let unmapped = try f.push("feature-x")
        #expect(unmapped.status == 0)
        #expect(try f.artifactCount(commit: feature) == 0)
        #expect(f.buildsRun == 1)
        #expect(!unmapped.remote.contains { $0.contains("build") || $0.contains("deploy") }, "\(unmapped.stderr)")

        // Deleting a branch and a tag that matches `v*` never deploys.
        let deleted = try f.push(":feature-x", ":refs/tags/v9.0")
        #expect(deleted.status == 0)
        #expect(try f.clone.gitLine("ls-remote", "origin", "feature-x").isEmpty)
        #expect(try f.history().count == deploymentsBefore)
        #expect(f.buildsRun == 1)
        #expect(try f.artifactCount() == 1)
        #expect(try f.artifactCount(commit: base) == 1)
    }

    @Test func firstOutputLineReachesThePusherBeforeASlowBuildEnds() throws {
        let f = try PushFixture()
        let build = "echo building; sleep 3; echo built >> \(f.buildCount); echo done building"
        try f.writePipeline("shop", f.standardPipeline(build: build))
        #expect(try f.installHook().status == 0)
        try f.clone.commit("first", files: ["app.txt": "v1\n"])

        let push = try f.push("main")
        #expect(push.status == 0)
        let building = push.lines.first { $0.text.hasPrefix("remote: ") && $0.text.hasSuffix("| building") }
        let done = push.lines.first { $0.text.hasSuffix("| done building") }
        #expect(building != nil, "\(push.stderr)")
        #expect(done != nil)
        if let building, let done {
            #expect(done.at - building.at > 2.5, "the first line waited for the build: \(push.lines)")
            #expect(push.duration - building.at > 2.5)
        }
        #expect(f.buildsRun == 1)
    }

    @Test func aBuildThatLeavesABackgroundProcessDoesNotHoldUpThePush() throws {
        let f = try PushFixture()
        let pidFile = f.root.path + "/background.pid"
        // The background sleep keeps the build's stdout open for 60 s.
        let build = "sleep 60 & echo $! > \(pidFile); echo building; echo built >> \(f.buildCount)"
        try f.writePipeline("shop", f.standardPipeline(build: build))
        #expect(try f.installHook().status == 0)
        let sha = try f.clone.commit("first", files: ["app.txt": "v1\n"])
        let push = try f.push("main")
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
           let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGTERM)
        }
        #expect(push.status == 0)
        #expect(push.duration < 30, "the push waited \(push.duration) s for the build's background process")
        #expect(push.remote.contains { $0.contains("left a process running") }, "\(push.stderr)")
        #expect(f.deployed(on: "dev-1") == String(sha.prefix(7)), "\(push.stderr)")
    }

    @Test func refNamesNeverExecute() throws {
        let f = try PushFixture()
        let markers = try TemporaryDirectory(prefix: "gantry-marker")
        let branch = "evil-$(touch$IFS\(markers.path)/branch)"
        let tag = "v`touch$IFS\(markers.path)/tag`"
        let names = f.outputs + "/names"
        // An environment that follows the hostile branch name, and a build that interpolates it;
        // another pipeline whose tag builds interpolate the hostile tag. (A build knows a branch
        // only when a push to it started the build, and a tag only for a tagged commit.)
        func pipeline(_ name: String, build: String, development: String) -> String {
            """
            version: 1
            name: \(name)
            repository: \(f.bare.path)
            artifact:
              build: "\(build)"
            \(f.hostsYAML)
            vars: { ROOT: "\(f.hostsRoot)" }
            environments:
              development:
                branch: '\(development)'
                hosts: [dev-1]
              staging:
                from: development
                tags: "v*"
                hosts: [stage-1]
            steps:
              - name: deploy
                run: "mkdir -p ${vars.ROOT}/${host.name} && echo ${artifact.tag} > ${vars.ROOT}/${host.name}/deployed"

            """
        }
        try f.writePipeline("shop", pipeline("shop", build: "echo branch=${git.branch} >> \(names)", development: branch)
            .replacingOccurrences(of: "    tags: \"v*\"\n", with: ""))
        try f.writePipeline("release", pipeline("release", build: "echo tag=${git.tag} >> \(names)", development: "main"))
        let validate = try f.gantry(["validate"])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(try f.installHook().status == 0)
        try f.clone.git("check-ref-format", "--branch", branch)
        try f.clone.git("check-ref-format", "refs/tags/" + tag)
        // The tag first: its commit never reached development, so it is built (with ${git.tag}) and blocked.
        let tagged = try f.clone.commit("first", files: ["app.txt": "v1\n"])
        try f.clone.tag(tag, message: "hostile")
        let pushTag = try f.push("refs/tags/" + tag)
        #expect(pushTag.status == 0)
        #expect(pushTag.remote.contains { $0.contains("built release:\(tagged.prefix(7))") }, "\(pushTag.stderr)")
        #expect(f.deployed(on: "stage-1") == nil)
        // Then the branch: built with ${git.branch} and deployed.
        try f.clone.git("checkout", "-q", "-b", branch)
        let sha = try f.clone.commit("second", files: ["app.txt": "v2\n"])
        let pushBranch = try f.push(branch)
        #expect(pushBranch.status == 0)
        #expect(f.deployed(on: "dev-1") == String(sha.prefix(7)), "\(pushBranch.stderr)")

        #expect(try FileManager.default.contentsOfDirectory(atPath: markers.path).isEmpty)
        let written = try String(contentsOfFile: names, encoding: .utf8)
        #expect(written == "tag=\(tag)\nbranch=\(branch)\n", "each build saw the names literally")
    }

    @Test func secondBuildOfATagForAnotherCommitIsRefused() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline(tag: "release"))
        let first = try f.clone.commit("first", files: ["app.txt": "v1\n"])
        let second = try f.clone.commit("second", files: ["app.txt": "v2\n"])
        try f.clone.git("push", "-q", "origin", "main")

        let built = try f.gantry(["build", "shop", "--ref", first])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("built shop:release from \(first.prefix(7))"))
        let same = try f.gantry(["build", "shop", "--ref", first])
        #expect(same.status == 0)
        #expect(same.stdout.contains("already built"))
        let refused = try f.gantry(["build", "shop", "--ref", second])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("artifact shop:release was built from \(first.prefix(7)); refusing to build it again from \(second.prefix(7))"),
                "\(refused.stderr)")
        #expect(f.buildsRun == 1)
        #expect(try f.artifactCount(commit: first) == 1)
        #expect(try f.artifactCount(commit: second) == 0)
    }

    @Test func existingHookStillRunsAfterInstall() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        let seen = f.outputs + "/previous-hook"
        try f.bare.writeHook("post-receive", "#!/bin/sh\necho previous hook ran\ncat >> '\(seen)'\n")
        let install = try f.installHook()
        #expect(install.status == 0)
        #expect(install.stdout.contains("the existing hook is kept"), "\(install.stdout)")
        let sha = try f.clone.commit("first", files: ["app.txt": "v1\n"])

        let push = try f.push("main")
        #expect(push.status == 0)
        #expect(push.remote.contains("previous hook ran"), "\(push.stderr)")
        let line = try String(contentsOfFile: seen, encoding: .utf8)
        #expect(line == "\(String(repeating: "0", count: 40)) \(sha) refs/heads/main\n")
        #expect(f.deployed(on: "dev-1") == String(sha.prefix(7)))
    }

    @Test func blockedPromotionIsReportedToThePusherAndIsNotAnError() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        #expect(try f.installHook().status == 0)
        try f.clone.commit("first", files: ["app.txt": "v1\n"])
        #expect(try f.push("main").status == 0)
        // A commit that never went to development, tagged for staging.
        try f.clone.git("checkout", "-q", "-b", "hotfix")
        let hotfix = try f.clone.commit("hotfix", files: ["app.txt": "hot\n"])
        try f.clone.tag("v2.0")
        #expect(try f.push("hotfix").status == 0)

        let push = try f.push("v2.0")
        #expect(push.status == 0)
        let remote = push.remote.joined(separator: "\n")
        #expect(remote.contains("path: \(hotfix.prefix(7)) has not succeeded in development"), "\(push.stderr)")
        #expect(remote.contains("promote of \(hotfix.prefix(7)) to staging blocked"))
        #expect(f.deployed(on: "stage-1") == nil)
        #expect(try f.history().allSatisfy { $0["environment"] as? String == "development" })

        // The hook's own exit status: a blocked promotion is not an error of the push.
        let direct = try GitCLI.run(["sh", "-c", "printf '%s %s refs/tags/v2.0\\n' 0000000000000000000000000000000000000000 \(try f.bare.sha("v2.0")) | GIT_DIR=. ./hooks/post-receive; echo exit=$?"],
                                    in: f.bare.path)
        #expect(direct.contains("exit=0"), "\(direct)")
        #expect(try f.artifactCount(commit: hotfix) == 1, "the tag push built the commit once, then the promotion was blocked")
    }

    @Test func tarballArtifactIsBuiltOnceAndTheSameFileTravels() throws {
        let f = try PushFixture()
        let yaml = """
            version: 1
            name: shop
            repository: \(f.bare.path)
            artifact:
              build: "echo built >> \(f.buildCount); tar czf app.tgz app.txt"
              file: app.tgz
            \(f.hostsYAML)
            vars: { ROOT: "\(f.hostsRoot)" }
            environments:
              development:
                branch: main
                hosts: [dev-1]
              staging:
                from: development
                tags: "v*"
                hosts: [stage-1]
            steps:
              - name: dir
                run: "mkdir -p ${vars.ROOT}/${host.name}"
              - name: upload
                upload: { to: "${vars.ROOT}/${host.name}/app.tgz" }

            """
        try f.writePipeline("shop", yaml)
        #expect(try f.installHook().status == 0)
        let sha = try f.clone.commit("first", files: ["app.txt": "tarball\n"])
        let push = try f.push("main")
        #expect(push.status == 0, "\(push.stderr)")
        try f.clone.tag("v1.0", message: "release")
        let tag = try f.push("v1.0")
        #expect(tag.status == 0)

        let dev = try Data(contentsOf: URL(fileURLWithPath: f.hostsRoot + "/dev-1/app.tgz"))
        let stage = try Data(contentsOf: URL(fileURLWithPath: f.hostsRoot + "/stage-1/app.tgz"))
        #expect(!dev.isEmpty, "\(push.stderr)")
        #expect(dev == stage, "\(tag.stderr)")
        #expect(f.buildsRun == 1)
        #expect(try f.artifactCount(commit: sha) == 1)
        #expect(try f.count("SELECT count(*) FROM artifact WHERE pipeline = 'shop' AND digest LIKE 'sha256:%'") == 1)
    }
}
