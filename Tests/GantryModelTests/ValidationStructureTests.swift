import Testing
@testable import GantryModel

/// Structural rules: YAML, keys, types, version.
@Suite struct ValidationStructureTests {
    @Test func minimalPipelineValidates() throws {
        let fixture = try PipelineFixture(PipelineFixture.minimal)
        #expect(fixture.findings() == [])
        #expect(try fixture.pipeline().name == "test")
    }

    @Test func yamlSyntaxErrorCarriesLibyamlLine() throws {
        let fixture = try PipelineFixture("version: 1\nenvironments: [a, b\nsteps: x\n")
        #expect(fixture.findings() == [
            "3:6: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence at line 2)",
        ])
    }

    @Test func tabsInIndentation() throws {
        let fixture = try PipelineFixture("version: 1\nenvironments:\n\tdev:\n")
        #expect(fixture.findings() == ["3:1: tab character in indentation (YAML indents with spaces)"])
    }

    @Test func duplicateKeys() throws {
        let fixture = try PipelineFixture(PipelineFixture.minimal + "\nversion: 1\n")
        #expect(fixture.findings() == ["9:1: duplicate key 'version' (first defined at line 1)"])
    }

    @Test func unknownTopLevelKeyWithSuggestion() throws {
        let fixture = try PipelineFixture(minimalPlus("stesp: []"))
        #expect(fixture.findings() == ["9:1: unknown key 'stesp' (did you mean 'steps'?)"])
    }

    @Test func unknownNestedKeyPointsAtTheKey() throws {
        let fixture = try PipelineFixture("""
            version: 1
            hosts: { web-1: { address: 10.0.0.1 } }
            environments:
              dev:
                hots: [web-1]
                hosts: [web-1]
            """)
        #expect(fixture.findings() == ["5:5: unknown key 'hots' in environment 'dev' (did you mean 'hosts'?)"])
    }

    @Test func wrongTypeQuotedPort() throws {
        let fixture = try PipelineFixture("""
            version: 1
            hosts: { web-1: { address: 10.0.0.1, port: "22" } }
            environments: { dev: { hosts: [web-1] } }
            """)
        #expect(fixture.findings() == ["2:44: 'port' must be a number, found a string"])
    }

    @Test func unsupportedVersionNamesTheSupportedOne() throws {
        let fixture = try PipelineFixture(PipelineFixture.minimal.replacingOccurrences(of: "version: 1", with: "version: 2"))
        #expect(fixture.findings() == ["1:10: unsupported version 2 (supported version: 1)"])
    }

    @Test func missingVersion() throws {
        let fixture = try PipelineFixture(PipelineFixture.minimal.replacingOccurrences(of: "version: 1\n", with: ""))
        #expect(fixture.findings() == ["1:1: missing 'version' (supported version: 1)"])
    }

    @Test func portOutOfRangeAndEmptyAddress() throws {
        let fixture = try PipelineFixture("""
            version: 1
            hosts:
              web-1: { address: "", port: 70000 }
            environments: { dev: { hosts: [web-1] } }
            """)
        #expect(fixture.findings() == [
            "3:21: empty address for host 'web-1'",
            "3:31: port 70000 is out of range 1-65535",
        ])
    }

    @Test func everyErrorOfAFileAtOnceInPositionOrder() throws {
        let fixture = try PipelineFixture("""
            version: 1
            hosts: { web-1: { address: 10.0.0.1, prot: 22 } }
            environments:
              dev: { hosts: [web-2] }
              prod: { from: devv, hosts: [web-1] }
            """)
        #expect(fixture.findings() == [
            "2:38: unknown key 'prot' in host 'web-1' (did you mean 'port'?)",
            "4:18: unknown host or group 'web-2' in environment 'dev' (did you mean 'web-1'?)",
            "5:17: unknown environment 'devv' in 'from' (did you mean 'dev'?)",
        ])
    }

    @Test func diagnosticPrintsLikeACompiler() throws {
        let fixture = try PipelineFixture(minimalPlus("stesp: []"))
        let text = fixture.entry().diagnostics.first?.description
        #expect(text == "\(fixture.pipelineFile):9:1: error: unknown key 'stesp' (did you mean 'steps'?)")
    }
}

/// Without a close spelling, the known keys are listed instead.
@Suite struct UnknownKeyListingTests {
    @Test func unknownKeyWithoutCloseMatchListsKnownKeys() throws {
        let fixture = try PipelineFixture(PipelineFixture.minimal + "\nmigrations: { directory: db }\n")
        #expect(fixture.findings() == [
            "9:13: 'migrations' needs a 'path'",
            "9:15: unknown key 'directory' in 'migrations' (known keys: 'path', 'out_of_order')",
        ])
    }
}
