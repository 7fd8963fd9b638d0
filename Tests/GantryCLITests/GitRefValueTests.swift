import Foundation
import GantryTestSupport
import Testing

/// `${git.branch}` and `${git.tag}` where they have no value: an error before anything runs,
/// never an empty string (`rm -rf ROOT/''` would remove ROOT itself).
@Suite(.serialized) struct GitRefValueTests {
    @Test func gitBranchInAStepStopsPlanAndDeployBeforeAnyHostIsTouched() throws {
        let project = try DeployProject(extraSteps: """
          - name: cleanup
            run: "rm -rf ${vars.ROOT}/${host.name}/${git.branch}"
        """)
        let keep = "\(project.hostsRoot)/dev-1/keep"
        try FileManager.default.createDirectory(atPath: "\(project.hostsRoot)/dev-1", withIntermediateDirectories: true)
        try "precious\n".write(toFile: keep, atomically: true, encoding: .utf8)
        let tag = try project.build()

        let plan = try project.gantry("plan", "shop", "development", "--artifact", tag)
        #expect(plan.status == 2, "\(plan.stdout)")
        #expect(plan.stderr.contains("shop.yml:"), "\(plan.stderr)")
        #expect(plan.stderr.contains("no value for '${git.branch}' (only a build knows a branch"), "\(plan.stderr)")
        #expect(!plan.stdout.contains("<git.branch>"))

        let deploy = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(deploy.status == 2, "\(deploy.stdout)\n\(deploy.stderr)")
        #expect(deploy.stderr.contains("aborted before any host was touched"), "\(deploy.stderr)")
        #expect(deploy.stderr.contains("step 'cleanup' on dev-1"), "\(deploy.stderr)")
        #expect(deploy.stderr.contains("no value for '${git.branch}'"), "\(deploy.stderr)")
        #expect(try String(contentsOfFile: keep, encoding: .utf8) == "precious\n")
        #expect(project.currentRelease("dev-1") == nil)
        #expect(!FileManager.default.fileExists(atPath: "\(project.hostsRoot)/dev-1/releases"), "no step ran")
    }

    @Test func aBuildHasABranchOnlyWhenItKnowsOne() throws {
        let project = try DeployProject(artifact: """
          tag: "${git.short_sha}"
          build: "echo branch=${git.branch}"
        """)
        let unknown = try project.gantry("build", "shop")
        #expect(unknown.status == 2, "\(unknown.stdout)")
        #expect(unknown.stderr.contains("no value for '${git.branch}'"), "\(unknown.stderr)")
        #expect(!unknown.stdout.contains("branch="))

        let named = try project.gantry("build", "shop", "--ref", "main")
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("branch=main"), "\(named.stdout)")
    }

    @Test func anUntaggedCommitHasNoGitTag() throws {
        let project = try DeployProject(artifact: """
          tag: "${git.tag}"
          build: "true"
        """)
        let untagged = try project.gantry("build", "shop")
        #expect(untagged.status == 2, "\(untagged.stdout)")
        #expect(untagged.stderr.contains("no value for '${git.tag}' (only the build of a tagged commit has a tag"),
                "\(untagged.stderr)")
        _ = try project.repo.git("tag", "v1.0")
        let tagged = try project.gantry("build", "shop", "--json")
        #expect(tagged.status == 0, "\(tagged.stderr)")
        #expect(tagged.stdout.contains("\"artifact\":\"v1.0\""), "\(tagged.stdout)")
    }
}
