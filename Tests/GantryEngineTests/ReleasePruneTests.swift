import Foundation
import Testing
import GantryStore
@testable import GantryEngine

/// The prune command, string for string, and when the engine runs it.
@Suite struct ReleasePruneTests {
    @Test func theCommandIsPinned() {
        let prune = ReleasePrune(path: "/srv/shop/releases", keep: 5, protecting: ["v2", "v1", "v2"])
        #expect(prune.protected == ["v2", "v1"])
        #expect(prune.script == """
            cd -- /srv/shop/releases || exit 1
            keep=5
            for name in v2 v1; do [ -d "$name" ] && [ ! -L "$name" ] && keep=$((keep - 1)); done
            ls -1dt -- */ 2>/dev/null | {
            status=0
            while IFS= read -r name; do
            name=${name%/}
            [ -d "$name" ] && [ ! -L "$name" ] || continue
            case $name in v2|v1) continue ;; esac
            if [ "$keep" -gt 0 ]; then keep=$((keep - 1)); else rm -rf -- "$name" && printf 'removed %s\\n' "$name" || status=1; fi
            done
            exit "$status"
            }
            """)
    }

    @Test func theDocumentedCommandIsTheOneThatRuns() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/pipeline-format.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```sh\ncd -- /srv/webshop/releases"))
        let end = try #require(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
        let documented = String(doc[doc.index(start.lowerBound, offsetBy: 6)..<end.lowerBound])
        #expect(documented == ReleasePrune(path: "/srv/webshop/releases", keep: 5, protecting: ["9b1c2d3", "3f2a9c1"]).script)
    }

    @Test func pathsAndNamesAreShellQuoted() {
        let prune = ReleasePrune(path: "/srv/my shop/rel'eases", keep: 2, protecting: ["ünï$(x)", "*"])
        let lines = prune.script.split(separator: "\n")
        #expect(lines[0] == "cd -- '/srv/my shop/rel'\\''eases' || exit 1")
        #expect(lines[2] == "for name in 'ünï$(x)' '*'; do [ -d \"$name\" ] && [ ! -L \"$name\" ] && keep=$((keep - 1)); done")
        #expect(lines[8] == "case $name in 'ünï$(x)'|'*') continue ;; esac")
    }

    static let pipeline = """
    version: 1
    name: shop
    hosts:
      dev-1: { address: 127.0.0.1, user: deploy }
      dev-2: { address: 127.0.0.1, user: deploy }
    vars: { ROOT: /srv/shop }
    environments:
      development: { hosts: [dev-1, dev-2] }
    steps:
      - name: config
        file: { template: templates/files/app.env, to: "${vars.ROOT}/shared/app.env" }
      - name: switch
        run: "switch ${artifact.tag}"
    releases: { path: "${vars.ROOT}/${host.name}/releases", keep: 3 }
    """

    func fixture() throws -> EngineFixture {
        let f = try EngineFixture(pipeline: Self.pipeline)
        let template = f.dir.url.appendingPathComponent("templates/files/app.env")
        try FileManager.default.createDirectory(at: template.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("ENV=${env.name}\n".utf8).write(to: template)
        _ = f.host("dev-1"); _ = f.host("dev-2")
        try f.record("v1"); try f.record("v2")
        return f
    }

    func prunes(_ connection: MemoryConnection) -> [String] { connection.commands.filter { $0.hasPrefix("cd -- ") } }

    @Test func aSucceededDeploymentPrunesEachHostProtectingTheRunningAndThePreviousRelease() async throws {
        let f = try fixture()
        let pipeline = try f.pipeline()
        _ = try await f.engine().deploy(pipeline, to: "development", artifact: "v1")
        #expect(prunes(f.host("dev-1")) == [ReleasePrune(path: "/srv/shop/dev-1/releases", keep: 3, protecting: ["v1"]).script])
        f.host("dev-2").responder = { command in
            command.hasPrefix("cd -- ") ? .init(lines: [(.stdout, "bashrc noise"), (.stdout, "removed a1"), (.stdout, "removed b2")]) : .init()
        }
        let second = try await f.engine().deploy(pipeline, to: "development", artifact: "v2")
        #expect(second.outcome == .succeeded)
        #expect(prunes(f.host("dev-2")).last == ReleasePrune(path: "/srv/shop/dev-2/releases", keep: 3, protecting: ["v2", "v1"]).script)
        #expect(notes(f).contains("dev-2: removed 2 old release folders in /srv/shop/dev-2/releases (a1, b2)"))
    }

    @Test func aPruneThatFailsIsANoteAndTheDeploymentStillSucceeded() async throws {
        let f = try fixture()
        f.host("dev-1").responder = { command in
            command.hasPrefix("cd -- ")
                ? .init(lines: [(.stderr, "sh: cd: can't cd to /srv/shop/dev-1/releases")], result: RemoteResult(exitStatus: 1))
                : .init()
        }
        let run = try await f.engine().deploy(try f.pipeline(), to: "development", artifact: "v1")
        #expect(run.outcome == .succeeded)
        #expect(run.deployment?.status == .succeeded)
        #expect(notes(f).contains("releases not fully pruned on dev-1: exit 1; sh: cd: can't cd to /srv/shop/dev-1/releases"))
    }

    @Test func nothingIsPrunedAfterAFailureOrAConfigOnlyRun() async throws {
        let f = try fixture()
        let pipeline = try f.pipeline()
        f.host("dev-2").responder = { command in
            command.hasPrefix("switch") ? .init(result: RemoteResult(exitStatus: 3)) : .init()
        }
        let failed = try await f.engine().deploy(pipeline, to: "development", artifact: "v1")
        #expect(failed.outcome != .succeeded)
        #expect(prunes(f.host("dev-1")).isEmpty && prunes(f.host("dev-2")).isEmpty)

        f.host("dev-2").responder = { _ in .init() }
        _ = try await f.engine().deploy(pipeline, to: "development", artifact: "v1")
        #expect(prunes(f.host("dev-1")).count == 1)
        _ = try await f.engine().configOnly(pipeline, environment: "development")
        #expect(prunes(f.host("dev-1")).count == 1)
    }

    func notes(_ f: EngineFixture) -> [String] {
        f.events.items.compactMap { if case let .note(text) = $0 { text } else { nil } }
    }
}
