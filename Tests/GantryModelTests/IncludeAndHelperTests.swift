import Foundation
import Testing
@testable import GantryModel

/// Include precedence and the lookups the engine uses.
@Suite struct IncludeAndHelperTests {
    private let template = """
        ssh: { connect_timeout: 5s, parallel: 3 }
        vars: { A: from-template, B: from-template }
        hosts: { web-9: { address: 10.0.0.9 } }
        steps:
          - run: "echo template"
          - run: "echo template 2"
        """

    @Test func includingFileWinsMappingsMergeListsReplace() throws {
        let fixture = try PipelineFixture("""
            version: 1
            include: [../templates/base.yml]
            ssh: { parallel: 7 }
            vars: { B: from-pipeline }
            hosts: { web-1: { address: 10.0.0.1 } }
            environments: { dev: { hosts: [web-1, web-9] } }
            steps:
              - run: "echo pipeline"
            """, files: ["templates/base.yml": template])
        let pipeline = try fixture.pipeline()
        #expect(pipeline.ssh.parallel == 7)
        #expect(pipeline.ssh.connectTimeout == 5)
        #expect(pipeline.vars.map { "\($0.name)=\($0.value)" } == ["A=from-template", "B=from-pipeline"])
        #expect(pipeline.hosts.map(\.name) == ["web-9", "web-1"])
        #expect(pipeline.steps.count == 1)
        #expect(pipeline.steps.first.map { if case .run(let run) = $0.action { run.source } else { "" } } == "echo pipeline")
    }

    @Test func laterIncludeWinsOverEarlier() throws {
        let fixture = try PipelineFixture(minimalPlus("include: [../templates/a.yml, ../templates/b.yml]"),
                                          files: ["templates/a.yml": "vars: { X: a }", "templates/b.yml": "vars: { X: b }"])
        #expect(try fixture.pipeline().vars.first?.value == "b")
    }

    @Test func missingIncludeIsReportedAtTheEntry() throws {
        let fixture = try PipelineFixture(minimalPlus("include: [../templates/gone.yml]"))
        let findings = fixture.findings()
        #expect(findings.count == 1)
        #expect(findings.first?.hasPrefix("9:11: included file '../templates/gone.yml' not found (looked for ") == true)
    }

    @Test func errorsInsideAnIncludePointIntoIt() throws {
        let fixture = try PipelineFixture(minimalPlus("include: [../templates/bad.yml]"),
                                          files: ["templates/bad.yml": "vars: { A: 1 }\nsteeps: []\n"])
        let diagnostics = fixture.entry().diagnostics
        #expect(diagnostics.map(\.message) == ["unknown key 'steeps' (did you mean 'steps'?)"])
        #expect(diagnostics.first?.location.file.hasSuffix("templates/bad.yml") == true)
        #expect(diagnostics.first?.location.line == 2)
    }

    @Test func hostsExpandGroupsInOrderOnce() throws {
        let fixture = try PipelineFixture("""
            version: 1
            hosts:
              a: { address: 10.0.0.1 }
              b: { address: 10.0.0.2 }
              c: { address: 10.0.0.3 }
            groups: { pair: [b, a] }
            environments:
              dev: { hosts: [c, pair, a, b], vars: { X: dev } }
              prod: { from: dev, hosts: [pair], rollout: { batch: "50%" } }
              qa: { from: dev, hosts: [c] }
            vars: { X: top, Y: top }
            """)
        let pipeline = try fixture.pipeline()
        let dev = try pipeline.environment(named: "dev")
        let prod = try pipeline.environment(named: "prod")
        #expect(pipeline.hosts(of: dev).map(\.name) == ["c", "b", "a"])
        #expect(pipeline.effectiveVars(of: dev).map { "\($0.name)=\($0.value)" } == ["X=dev", "Y=top"])
        #expect(pipeline.promotionPath(to: prod).map(\.name) == ["dev", "prod"])
        #expect(pipeline.entryEnvironments.map(\.name) == ["dev"])
        #expect(pipeline.successors(of: dev).map(\.name) == ["prod", "qa"])
        #expect(prod.rollout.batches(of: pipeline.hosts(of: prod)).map { $0.map(\.name) } == [["b"], ["a"]])
        #expect(Rollout(batch: .count(2)).batches(of: [1, 2, 3, 4, 5]) == [[1, 2], [3, 4], [5]])
        #expect(throws: GantryModelError.unknownEnvironment(pipeline: "test", name: "stage", known: ["dev", "prod", "qa"])) {
            try pipeline.environment(named: "stage")
        }
    }

    @Test func durationsParseAndPrint() {
        #expect(DurationText.seconds("500ms") == 0.5)
        #expect(DurationText.seconds("30s") == 30)
        #expect(DurationText.seconds("10m") == 600)
        #expect(DurationText.seconds("24h") == 86_400)
        #expect(DurationText.seconds("7d") == 604_800)
        #expect(DurationText.seconds("10 m") == nil)
        #expect(DurationText.seconds("1.5h") == nil)
        #expect(DurationText.seconds("0s") == nil)
        #expect(DurationText.describe(90) == "90s")
        #expect(DurationText.describe(0.5) == "500ms")
    }

    @Test func brokenFileBlocksOnlyItself() throws {
        let fixture = try PipelineFixture(PipelineFixture.minimal)
        try fixture.write("pipelines/broken.yml", "version: 1\nnope: 1\n")
        let set = try PipelineSet.load(directory: fixture.directory.path + "/pipelines")
        #expect(set.names == ["broken", "test"])
        #expect(try set.pipeline(named: "test").name == "test")
        #expect(throws: GantryModelError.self) { try set.pipeline(named: "broken") }
        #expect(throws: GantryModelError.unknownPipeline(name: "tset", known: ["broken", "test"])) {
            try set.pipeline(named: "tset")
        }
    }
}

/// Every file shipped in `pipelines/` validates.
@Suite struct ExamplePipelineTests {
    @Test func shippedPipelinesValidate() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let set = try PipelineSet.load(directory: root.path + "/pipelines")
        #expect(!set.entries.isEmpty)
        #expect(set.diagnostics.map(\.description) == [])
        let webshop = try set.pipeline(named: "webshop")
        #expect(webshop.environments.map(\.name) == ["development", "staging", "production"])
        #expect(webshop.steps.contains { $0.migration })
    }
}

/// Pipelines given as text, for callers that generate them.
@Suite struct TextLoadingTests {
    @Test func textLoadsLikeAFile() throws {
        let entry = PipelineSet.loadText(PipelineFixture.minimal, file: "pipelines/inline.yml")
        #expect(entry.diagnostics.isEmpty)
        #expect(entry.pipeline?.name == "inline")
        let broken = PipelineSet.loadText("version: 1\nenvironments: {}\n", file: "pipelines/broken.yml")
        #expect(broken.diagnostics.map(\.description) == [
            "pipelines/broken.yml:2:15: error: 'environments' is empty (a pipeline needs at least one)",
        ])
    }
}
