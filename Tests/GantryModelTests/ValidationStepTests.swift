import Testing
@testable import GantryModel

/// Rules about steps, interpolation references, files and parity.
@Suite struct ValidationStepTests {
    private func findings(steps: String, extra: String = "", files: [String: String] = [:]) throws -> [String] {
        let text = """
            version: 1
            hosts: { web-1: { address: 10.0.0.1 } }
            environments: { dev: { hosts: [web-1] } }
            vars: { PORT: "80" }
            secrets: [TOKEN]
            steps:
            \(steps)
            \(extra)
            """
        return try PipelineFixture(text, files: files).findings()
    }

    @Test func unknownReferenceWithSuggestion() throws {
        #expect(try findings(steps: "  - run: \"echo ${git.sah}\"") == ["7:16: unknown reference '${git.sah}' (did you mean 'git.sha'?)"])
    }

    @Test func unknownVarAndSecret() throws {
        #expect(try findings(steps: "  - run: \"echo ${vars.PROT} ${secrets.TOKN}\"") == [
            "7:16: unknown var 'PROT' in '${vars.PROT}' (did you mean 'PORT'?)",
            "7:29: unknown secret 'TOKN' in '${secrets.TOKN}' (did you mean 'TOKEN'?)",
        ])
    }

    @Test func unclosedInterpolation() throws {
        #expect(try findings(steps: "  - run: \"echo ${artifact.tag\"") == ["7:16: unclosed '${' (write '$${' for a literal '${')"])
    }

    @Test func rawOnlyForVars() throws {
        #expect(try findings(steps: "  - run: \"echo ${raw:secrets.TOKEN}\"") == [
            "7:16: 'raw:' applies only to vars.NAME, not 'secrets.TOKEN'",
        ])
    }

    @Test func stepWithoutAction() throws {
        #expect(try findings(steps: "  - name: idle") == ["7:5: step 'idle' has no action (give one of 'run', 'file', 'upload')"])
    }

    @Test func stepWithTwoActions() throws {
        #expect(try findings(steps: "  - { name: both, run: x, upload: { to: /x } }", extra: "artifact: { file: dist/a.tgz }") == [
            "7:35: step 'both' has more than one action ('run', 'upload'); split it into steps",
        ])
    }

    @Test func duplicateStepNames() throws {
        #expect(try findings(steps: "  - { name: a, run: x }\n  - { name: a, run: y }") == [
            "8:13: duplicate step name 'a' (first used at line 7)",
        ])
    }

    @Test func secondMigrationStep() throws {
        #expect(try findings(steps: "  - { run: x, migration: true }\n  - { run: y, migration: true }") == [
            "8:26: only one step may be 'migration: true' (another is at line 7)",
        ])
    }

    @Test func retriesAndTimeoutsAreBounded() throws {
        #expect(try findings(steps: "  - { run: x, retries: -1 }") == ["7:24: 'retries' must be between 0 and 100, found -1"])
        #expect(try findings(steps: "  - { run: x, retries: 101 }") == ["7:24: 'retries' must be between 0 and 100, found 101"])
        #expect(try findings(steps: "  - { run: x, timeout: 8d }") == ["7:24: 'timeout' must be above 0 and at most 7d, found 8d"])
        #expect(try findings(steps: "  - { run: x, timeout: 7d, retries: 100 }").isEmpty)
    }

    @Test func retryDelayAndBackoff() throws {
        #expect(try findings(steps: "  - { run: x, retries: 5, retry_delay: 500ms, retry_backoff: 1.5 }").isEmpty)
        #expect(try findings(steps: "  - { run: x, retry_backoff: 5 }") == ["7:30: 'retry_backoff' must be between 1 and 4, found 5"])
        #expect(try findings(steps: "  - { run: x, retry_backoff: 0.5 }") == ["7:30: 'retry_backoff' must be between 1 and 4, found 0.5"])
        #expect(try findings(steps: "  - { run: x, retry_backoff: fast }") == ["7:30: 'retry_backoff' must be a number, found a string"])
        #expect(try findings(steps: "  - { run: x, retry_delay: 2 }").first?.contains("bad duration '2' for 'retry_delay'") == true)
        #expect(try findings(steps: "  - { run: x, retry_delay: 2d }") == ["7:28: 'retry_delay' must be at most 1d, found 2d"])
    }

    @Test func uploadNeedsArtifactFile() throws {
        #expect(try findings(steps: "  - { name: up, upload: { to: /srv/a.tgz } }") == [
            "7:5: step 'up' uploads the artifact file, but 'artifact.file' is not set",
        ])
    }

    @Test func missingTemplateFile() throws {
        let found = try findings(steps: "  - file: { template: templates/files/app.env, to: /etc/app.env }")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("7:23: template file 'templates/files/app.env' not found (looked for ") == true)
    }

    @Test func templateFileReferencesAreCheckedAtTheirLines() throws {
        let fixture = try PipelineFixture("""
            version: 1
            hosts: { web-1: { address: 10.0.0.1 } }
            environments: { dev: { hosts: [web-1] } }
            steps:
              - file: { template: templates/files/app.env, to: /etc/app.env, mode: "0600" }
            """, files: ["templates/files/app.env": "A=1\nB=${vars.MISSING}\n"])
        let diagnostics = fixture.entry().diagnostics
        #expect(diagnostics.map(\.message) == ["unknown var 'MISSING' in '${vars.MISSING}'"])
        #expect(diagnostics.first?.location.file.hasSuffix("templates/files/app.env") == true)
        #expect(diagnostics.first.map { ($0.location.line, $0.location.column) } ?? (0, 0) == (2, 3))
    }

    @Test func parityAllowNamesUnknownFact() throws {
        let parity = """
            parity:
              facts: { os: "uname -r" }
              allow:
                - { fact: ruby, between: [dev, dev], reason: "r", impact: "i" }
            """
        #expect(try findings(steps: "  - run: x", extra: parity) == [
            "11:15: unknown fact 'ruby' in 'allow' (known facts: 'os')",
            "11:36: 'between' names the same environment twice; a difference is between two",
        ])
    }

    @Test func repositoryMustExist() throws {
        let found = try findings(steps: "  - run: x", extra: "repository: ../nowhere.git")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("8:13: repository '../nowhere.git' does not exist") == true)
    }

    @Test func varMissingInSomeEnvironments() throws {
        let fixture = try PipelineFixture("""
            version: 1
            hosts: { web-1: { address: 10.0.0.1 } }
            environments:
              dev: { hosts: [web-1], vars: { LEVEL: debug } }
              prod: { hosts: [web-1] }
            steps:
              - run: "echo ${vars.LEVEL}"
            """)
        #expect(fixture.findings() == [
            "7:16: var 'LEVEL' is not defined for environment 'prod' (define it in top-level 'vars' or in every environment)",
        ])
    }
}
