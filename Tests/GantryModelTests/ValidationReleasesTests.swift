import Testing
@testable import GantryModel

/// `releases: { path, keep }` and what `migration: true` implies.
@Suite struct ValidationReleasesTests {
    /// The minimal pipeline's 8 lines, then `releases:` on line 9.
    private func findings(_ releases: String) throws -> [String] {
        try PipelineFixture(minimalPlus("vars: { APP: /srv/app }\nreleases: \(releases)")).findings()
    }

    @Test func pathAndKeepAreRead() throws {
        let pipeline = try PipelineFixture(minimalPlus("vars: { APP: /srv/app }\nreleases: { path: \"${vars.APP}/${host.name}\", keep: 3 }")).pipeline()
        #expect(pipeline.releases?.path.source == "${vars.APP}/${host.name}")
        #expect(pipeline.releases?.keep == 3)
        #expect(pipeline.releases?.location.line == 10)
    }

    @Test func keepDefaultsToFive() throws {
        let pipeline = try PipelineFixture(minimalPlus("releases: { path: /srv/app/releases }")).pipeline()
        #expect(pipeline.releases?.keep == 5)
        #expect(try PipelineFixture(PipelineFixture.minimal).pipeline().releases == nil)
    }

    @Test func badKeepValues() throws {
        #expect(try findings("{ path: /srv/app/releases, keep: 0 }") == ["10:44: 'keep' must be between 1 and 1000, found 0"])
        #expect(try findings("{ path: /srv/app/releases, keep: five }") == ["10:44: 'keep' must be a number, found a string"])
    }

    @Test func pathIsRequiredAbsoluteAndNotTheRoot() throws {
        #expect(try findings("{ keep: 5 }") == ["10:11: 'releases' needs a 'path': the folder that holds one folder per release"])
        #expect(try findings("{ path: srv/releases }") == [
            "10:19: 'releases.path' must be an absolute path (starting with '/'), found 'srv/releases'",
        ])
        #expect(try findings("{ path: \"/\" }") == ["10:19: 'releases.path' cannot be '/': name the folder that holds the release folders"])
        #expect(try findings("{ path: \"${host.name}/releases\" }") == [
            "10:19: 'releases.path' must be an absolute path (starting with '/' or with a var), found '${host.name}/releases'",
        ])
    }

    @Test func pathMayNotDependOnTheRelease() throws {
        #expect(try findings("{ path: \"/srv/${artifact.tag}\" }") == [
            "10:19: 'releases.path' may refer only to vars, env.name, host.name and host.address, not '${artifact.tag}' "
                + "(it names one folder for every release)",
        ])
    }

    @Test func unknownKeysAndReferencesHavePositions() throws {
        #expect(try findings("{ path: /srv/app/releases, kept: 5 }") == [
            "10:38: unknown key 'kept' in 'releases' (did you mean 'keep'?)",
        ])
        #expect(try findings("{ path: \"${vars.APPS}/releases\" }") == [
            "10:20: unknown var 'APPS' in '${vars.APPS}' (did you mean 'APP'?)",
        ])
    }

    @Test func theMigrationStepRunsOnce() throws {
        let pipeline = try PipelineFixture(minimalPlus("rollback: []").replacingOccurrences(
            of: "  - run: \"echo hi\"", with: "  - { run: \"./migrate\", migration: true }")).pipeline()
        #expect(pipeline.steps.first?.runOnce == true)
        let contradiction = try PipelineFixture(PipelineFixture.minimal.replacingOccurrences(
            of: "  - run: \"echo hi\"", with: "  - { run: \"./migrate\", migration: true, run_once: false }")).findings()
        #expect(contradiction == ["8:52: a 'migration: true' step runs on one host only; remove 'run_once: false'"])
    }
}
