import Foundation
import GantryModel
import GantryShell
import GantryStore
import GantryTestSupport
import Testing
@testable import GantryEngine

/// The webhook path inside the engine: a verified delivery is queued once, fetched from the
/// remote into the mirror and run through the hook's trigger path; reconcile finds what no
/// delivery brought. Real git and SQLite; hosts in memory.
@Suite(.serialized) struct WebhookQueueTests {
    static let secret = "hook-s3cret"

    final class World: @unchecked Sendable {
        let fixture: EngineFixture
        let bare: GitFixture
        let clone: GitFixture

        init() throws {
            bare = try GitFixture.make(bare: true)
            clone = try GitFixture.make()
            _ = try clone.commit("one", files: ["app.txt": "1\n"])
            _ = try clone.git("push", "-q", bare.path, "main")
            fixture = try EngineFixture(pipeline: """
                version: 1
                name: shop
                webhook: { provider: github, secret: HOOK, remote: "\(bare.path)" }
                secrets: [HOOK]
                hosts:
                  dev-1: { address: 10.0.0.1 }
                  stage-1: { address: 10.0.0.2 }
                environments:
                  development: { branch: main, hosts: [dev-1] }
                  staging: { from: development, tags: "v*", hosts: [stage-1] }
                steps:
                  - name: deploy
                    run: "echo ${artifact.tag}"
                """)
            _ = fixture.host("dev-1")
            _ = fixture.host("stage-1")
        }

        var engine: Engine { fixture.engine(environment: ["GANTRY_SECRET_HOOK": WebhookQueueTests.secret]) }
        func pipelines() throws -> [Pipeline] { [try fixture.pipeline()] }
        func directory() throws -> WebhookDirectory { WebhookDirectory(try pipelines(), secrets: engine.secrets) }

        /// Commits and pushes to the team repository; returns (before, after).
        func push(_ content: String) throws -> (String, String) {
            let before = try clone.sha("main")
            _ = try clone.commit(content, files: ["app.txt": content + "\n"])
            _ = try clone.git("push", "-q", bare.path, "main")
            return (before, try clone.sha("main"))
        }

        func request(_ before: String, _ after: String, ref: String = "refs/heads/main", delivery: String,
                     secret: String = WebhookQueueTests.secret, event: String = "push", repository: String? = nil) -> Engine.WebhookRequest {
            let name = repository ?? ((try? fixture.pipeline().webhook?.repositoryPath) ?? nil) ?? ""
            let body = Array("""
                {"ref":"\(ref)","before":"\(before)","after":"\(after)","repository":{"full_name":"\(name)"}}
                """.utf8)
            return Engine.WebhookRequest(provider: .github, headers: [
                "x-github-event": event, "x-github-delivery": delivery,
                "x-hub-signature-256": "sha256=" + WebhookSignature.sign(body, secret: secret),
            ], body: body)
        }
    }

    @Test func aDeliveryIsQueuedOnceAndRunsAsAWebhookDeployment() async throws {
        let world = try World()
        let (before, after) = try world.push("2")
        let reply = world.engine.receiveWebhook(world.request(before, after, delivery: "d-1"), directory: try world.directory())
        guard case let .queued(_, delivery, pipelines) = reply else {
            Issue.record("not queued: \(reply)")
            return
        }
        #expect(delivery == "d-1" && pipelines == ["shop"])
        #expect(world.engine.receiveWebhook(world.request(before, after, delivery: "d-1"), directory: try world.directory())
            == .duplicate(delivery: "d-1"))

        let report = try #require(try await world.engine.runNextDelivery(world.pipelines()))
        #expect(report.state == .done && report.outcomes.count == 1 && report.outcomes.first?.severity == nil,
                "\(report.lines) \(report.outcomes.map(\.message))")
        let deployment = try #require(try world.fixture.store.history(pipeline: "shop").first)
        #expect(deployment.trigger == .webhook && deployment.commit == after && deployment.status == .succeeded)
        #expect(world.fixture.host("dev-1").commands.contains { $0.contains(String(after.prefix(7))) })
        #expect(try world.fixture.store.remoteHeads(pipeline: "shop")["refs/heads/main"]?.sha == after)
        // The queue is empty: the duplicate ran nothing.
        #expect(try await world.engine.runNextDelivery(world.pipelines()) == nil)
        #expect(try world.fixture.store.history(pipeline: "shop").count == 1)
    }

    @Test func aRedeliveryUnderANewIdFindsThePushProcessed() async throws {
        let world = try World()
        let (before, after) = try world.push("2")
        _ = world.engine.receiveWebhook(world.request(before, after, delivery: "d-1"), directory: try world.directory())
        _ = world.engine.receiveWebhook(world.request(before, after, delivery: "d-2"), directory: try world.directory())
        _ = try await world.engine.runNextDelivery(world.pipelines())
        let second = try #require(try await world.engine.runNextDelivery(world.pipelines()))
        #expect(second.outcomes.isEmpty && second.lines == ["shop: already processed (main)"])
        #expect(try world.fixture.store.history(pipeline: "shop").count == 1)
    }

    @Test func refusalsAndThingsThatAreNotPushes() throws {
        let world = try World()
        let (before, after) = try world.push("2")
        let directory = try world.directory()
        let engine = world.engine
        #expect(engine.receiveWebhook(world.request(before, after, delivery: "x", secret: "wrong"), directory: directory)
            == .unauthorized("X-Hub-Signature-256 matches no pipeline's webhook secret"))
        var unsigned = world.request(before, after, delivery: "x")
        unsigned.headers["x-hub-signature-256"] = nil
        #expect(engine.receiveWebhook(unsigned, directory: directory) == .unauthorized("no X-Hub-Signature-256 header"))
        var gitea = unsigned
        gitea.provider = .gitea
        #expect(engine.receiveWebhook(gitea, directory: directory) == .unauthorized("no pipeline takes gitea webhooks"))
        var noID = world.request(before, after, delivery: "")
        noID.headers["x-github-delivery"] = nil
        guard case .badRequest = engine.receiveWebhook(noID, directory: directory) else {
            Issue.record("a delivery without an id was accepted")
            return
        }
        #expect(engine.receiveWebhook(world.request(before, after, delivery: "p", event: "ping"), directory: directory) == .pong)
        #expect(engine.receiveWebhook(world.request(before, after, delivery: "i", event: "issues"), directory: directory)
            == .ignored("a 'issues' event is not a push"))
        #expect(engine.receiveWebhook(world.request(before, after, delivery: "o", repository: "org/other"), directory: directory)
            == .ignored("no pipeline with this secret follows org/other"))
        #expect(try world.fixture.store.pendingDeliveryCount() == 0)
    }

    @Test func aSecretWithoutAValueLeavesThePipelineOut() throws {
        let world = try World()
        let directory = WebhookDirectory(try world.pipelines(), secrets: SecretResolver(environment: [:],
            secretsDirectory: world.fixture.dir.url.appendingPathComponent("none")))
        #expect(directory.entries.isEmpty)
        #expect(directory.problems.count == 1 && directory.problems[0].hasPrefix("shop: webhook secret: "))
    }

    @Test func reconcileRecordsABaselineThenQueuesWhatNoDeliveryBrought() async throws {
        let world = try World()
        _ = try world.clone.tag("v0.9")
        _ = try world.clone.git("push", "-q", world.bare.path, "v0.9")
        let pipeline = try #require(try world.pipelines().first)
        let first = await world.engine.reconcile(pipeline)
        #expect(first.baseline && first.queued.isEmpty && first.error == nil)
        #expect(try world.fixture.store.pendingDeliveryCount() == 0)

        let (_, after) = try world.push("2")
        _ = try world.clone.git("push", "-q", world.bare.path, "HEAD:refs/heads/feature")
        _ = try world.clone.tag("v1.0")
        _ = try world.clone.git("push", "-q", world.bare.path, "v1.0")
        let second = await world.engine.reconcile(pipeline)
        #expect(second.queued == ["main at \(after.prefix(7))", "v1.0 at \(after.prefix(7))"], "\(second.line)")
        // Reading again queues nothing new: the same push has the same id.
        #expect(await world.engine.reconcile(pipeline).queued.isEmpty)
        let heads = try world.fixture.store.remoteHeads(pipeline: "shop")
        #expect(heads["refs/heads/feature"]?.via == .listed)

        let deploy = try #require(try await world.engine.runNextDelivery(world.pipelines()))
        let promote = try #require(try await world.engine.runNextDelivery(world.pipelines()))
        #expect(deploy.state == .done && promote.state == .done, "\(deploy.lines) \(promote.lines)")
        let history = try world.fixture.store.history(pipeline: "shop")
        #expect(history.map(\.trigger) == [.recovered, .recovered])
        #expect(history.map(\.environment) == ["staging", "development"])
        #expect(try world.fixture.store.remoteHeads(pipeline: "shop")["refs/heads/main"]?.via == .recovered)
        #expect(await world.engine.reconcile(pipeline).queued.isEmpty)
    }

    @Test func anUnreachableRemoteIsReportedAndRecorded() async throws {
        let world = try World()
        let pipeline = try #require(try world.pipelines().first)
        _ = await world.engine.reconcile(pipeline)
        try FileManager.default.removeItem(atPath: world.bare.path)
        let report = await world.engine.reconcile(pipeline)
        #expect(report.error != nil && report.line.hasPrefix("reconcile: shop: "))
        #expect(try world.fixture.store.remoteBaseline(pipeline: "shop")?.error != nil)
    }
}
