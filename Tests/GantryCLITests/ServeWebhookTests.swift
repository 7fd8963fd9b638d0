import Foundation
import GantryTestSupport
import Testing

/// `gantry serve` taking real webhooks over real HTTP, deploying over the test sshd.
@Suite(.serialized) struct ServeWebhookTests {
    /// Deploys `pipeline` by a signed delivery of `provider` and returns the server's answer.
    func deliver(_ fixture: ServeFixture, _ server: ServeFixture.Server, provider: String, delivery: String,
                 before: String, after: String, ref: String = "refs/heads/main") throws -> HTTP.Reply {
        let body = fixture.payload(provider, before: before, after: after, ref: ref)
        return try HTTP.request("POST", server.base + "/hooks/\(provider)",
                                headers: try fixture.signedHeaders(provider, body: body, delivery: delivery) + ["Content-Type: application/json"],
                                body: body)
    }

    @Test func signedPushesOfGitHubGitLabAndGiteaDeployOverSSH() throws {
        let fixture = try ServeFixture()
        for provider in ["github", "gitlab", "gitea"] {
            try fixture.writePipeline("shop-\(provider)", fixture.pipeline("shop-\(provider)", provider: provider))
        }
        let server = try fixture.startServer()
        defer { _ = server.stop() }
        for (index, provider) in ["github", "gitlab", "gitea"].enumerated() {
            let (before, after) = try fixture.pushCommit("v\(index + 2)")
            let reply = try deliver(fixture, server, provider: provider, delivery: "\(provider)-1", before: before, after: after)
            #expect(reply.status == 202, "\(provider): \(reply.status) \(reply.body)")
            #expect(reply.json?["status"] as? String == "queued")
            #expect(reply.json?["pipelines"] as? [String] == ["shop-\(provider)"])
            let tag = String(after.prefix(7))
            #expect(GantryBinary.waitUntil(seconds: 60) { fixture.deployed("shop-\(provider)", on: "dev-1") == tag },
                    "\(provider) did not deploy: \(server.output)")
        }
        // Each delivery ran its own provider's pipeline only, once, as a webhook.
        #expect(try fixture.count("SELECT count(*) FROM deployment") == 3)
        #expect(GantryBinary.waitUntil(seconds: 30) {
            (try? fixture.count("SELECT count(*) FROM deployment WHERE trigger = 'webhook' AND status = 'succeeded'")) == 3
        })
        #expect(try fixture.count("SELECT count(DISTINCT pipeline) FROM deployment") == 3)
        #expect(!server.output.contains(ServeFixture.secret))
    }

    @Test func aBadSignatureGets401AndItsBodyIsNeverLogged() throws {
        let fixture = try ServeFixture()
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github"))
        let server = try fixture.startServer()
        defer { _ = server.stop() }
        let (before, after) = try fixture.pushCommit("2")
        let body = fixture.payload("github", before: before, after: after, marker: "BODY-MARKER-91")
        for headers in [try fixture.signedHeaders("github", body: body, delivery: "bad-1", secret: "not-the-secret"),
                        ["X-GitHub-Event: push", "X-GitHub-Delivery: bad-2"]] {
            let reply = try HTTP.request("POST", server.base + "/hooks/github", headers: headers, body: body)
            #expect(reply.status == 401)
            let error = reply.json?["error"] as? [String: Any]
            #expect(error?["status"] as? Int == 401)
            #expect(!reply.body.contains("BODY-MARKER-91"))
        }
        // A signature for GitLab's endpoint does not open GitHub's, nor the other way round.
        let gitlab = try HTTP.request("POST", server.base + "/hooks/gitlab",
                                      headers: try fixture.signedHeaders("gitlab", body: body, delivery: "bad-3"), body: body)
        #expect(gitlab.status == 401)
        #expect(server.waitFor("delivery refused (401)"))
        #expect(!server.output.contains("BODY-MARKER-91"))
        #expect(try fixture.count("SELECT count(*) FROM webhook_delivery") == 0)
        let unknown = try HTTP.request("POST", server.base + "/hooks/bitbucket", body: body)
        #expect(unknown.status == 404 && (unknown.json?["error"] as? [String: Any])?["status"] as? Int == 404)
    }

    /// A pipeline whose webhook secret has no value takes no deliveries; the log says why.
    @Test func aWebhookSecretWithoutAValueTakesNoDeliveriesAndTheLogSaysSo() throws {
        let fixture = try ServeFixture()
        let yaml = fixture.pipeline("shop", provider: "github", secrets: "[HOOK_SECRET, UNSET_HOOK_SECRET]")
            .replacingOccurrences(of: "secret: HOOK_SECRET,", with: "secret: UNSET_HOOK_SECRET,")
        try fixture.writePipeline("shop", yaml)
        let server = try fixture.startServer()
        defer { _ = server.stop() }
        #expect(server.waitFor("serve: shop: webhook secret: "), "\(server.output)")
        #expect(server.output.contains("UNSET_HOOK_SECRET"))
        let reply = try fixture.pushAndPost(to: server, delivery: "unset-1").reply
        #expect(reply.status == 401, "\(reply.body)")
        #expect(try fixture.count("SELECT count(*) FROM webhook_delivery") == 0)
    }

    @Test func aReplayedDeliveryIdRunsNothing() throws {
        let fixture = try ServeFixture()
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github"))
        let server = try fixture.startServer()
        defer { _ = server.stop() }
        let (before, after) = try fixture.pushCommit("2")
        #expect(try deliver(fixture, server, provider: "github", delivery: "same-id", before: before, after: after).status == 202)
        let replay = try deliver(fixture, server, provider: "github", delivery: "same-id", before: before, after: after)
        #expect(replay.status == 200 && replay.json?["status"] as? String == "duplicate")
        #expect(GantryBinary.waitUntil(seconds: 60) { (try? fixture.count("SELECT count(*) FROM webhook_delivery WHERE state = 'done'")) == 1 })
        #expect(try fixture.count("SELECT count(*) FROM webhook_delivery") == 1)
        #expect(try fixture.count("SELECT count(*) FROM deployment") == 1)
        #expect(try fixture.count("SELECT count(*) FROM artifact") == 1)
    }

    @Test func a2MiBBodyGets413() throws {
        let fixture = try ServeFixture()
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github"))
        let server = try fixture.startServer()
        defer { _ = server.stop() }
        let body = Data(repeating: UInt8(ascii: "x"), count: 2 << 20)
        let reply = try HTTP.request("POST", server.base + "/hooks/github",
                                     headers: try fixture.signedHeaders("github", body: body, delivery: "big"), body: body)
        #expect(reply.status == 413)
        #expect((reply.json?["error"] as? [String: Any])?["message"] as? String == "the body is larger than 1 MiB")
        #expect(try fixture.count("SELECT count(*) FROM webhook_delivery") == 0)
        // The server still answers afterwards.
        #expect(try HTTP.get(server.base + "/healthz").status == 200)
    }

    @Test func aPushWhileServeIsStoppedIsFoundByReconcileAfterRestart() throws {
        let fixture = try ServeFixture()
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github"))
        let first = try fixture.startServer()
        #expect(first.waitFor("reconcile: shop: first look at the remote; its heads are the baseline"))
        let stopped = first.stop()
        #expect(stopped.status == 0 && first.output.contains("serve: stopped on SIGTERM"), "\(first.output)")

        let (_, after) = try fixture.pushCommit("2")
        _ = try fixture.clone.git("tag", "v2.0")
        _ = try fixture.clone.git("push", "-q", "origin", "v2.0")
        let second = try fixture.startServer()
        defer { _ = second.stop() }
        let tag = String(after.prefix(7))
        #expect(GantryBinary.waitUntil(seconds: 60) { fixture.deployed("shop", on: "stage-1") == tag }, "\(second.output)")
        #expect(fixture.deployed("shop", on: "dev-1") == tag)
        #expect(second.output.contains("reconcile: shop: queued main at \(tag), v2.0 at \(tag) (no delivery brought them)"))
        #expect(GantryBinary.waitUntil(seconds: 30) {
            (try? fixture.count("SELECT count(*) FROM deployment WHERE trigger = 'recovered' AND status = 'succeeded'")) == 2
        })
        let history = try fixture.gantry(["history", "shop"])
        #expect(history.stdout.contains("via recovered"))
    }

    @Test func sigtermDuringAWebhookDeploymentAbortsItAndTheNextStartRunsItAgain() throws {
        let fixture = try ServeFixture()
        let slow = """
              - name: slow
                run: "if [ ! -f ${vars.ROOT}/let-go ]; then mkdir -p ${vars.ROOT} && touch ${vars.ROOT}/started && sleep 30; fi"
            """
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github", extraSteps: slow))
        let server = try fixture.startServer()
        let (before, after) = try fixture.pushCommit("2")
        #expect(try deliver(fixture, server, provider: "github", delivery: "d-1", before: before, after: after).status == 202)
        #expect(GantryBinary.waitUntil(seconds: 60) { FileManager.default.fileExists(atPath: fixture.hostsRoot + "/shop/started") })
        let result = server.stop()
        #expect(result.status == 143, "\(server.output)")
        #expect(server.output.contains("serve: stopped on SIGTERM; a deployment was aborted (exit 143)"))
        #expect(try fixture.count("SELECT count(*) FROM deployment WHERE status = 'aborted' AND trigger = 'webhook'") == 1)
        #expect(try fixture.count("SELECT count(*) FROM environment_lock") == 0)
        #expect(try fixture.count("SELECT count(*) FROM webhook_delivery WHERE state = 'queued'") == 1)

        FileManager.default.createFile(atPath: fixture.hostsRoot + "/shop/let-go", contents: nil)
        let again = try fixture.startServer()
        defer { _ = again.stop() }
        #expect(GantryBinary.waitUntil(seconds: 60) { fixture.deployed("shop", on: "dev-1") == String(after.prefix(7)) }, "\(again.output)")
        #expect(GantryBinary.waitUntil(seconds: 30) { (try? fixture.count("SELECT count(*) FROM webhook_delivery WHERE state = 'done'")) == 1 })
        #expect(try fixture.count("SELECT count(*) FROM deployment WHERE status = 'succeeded' AND trigger = 'webhook'") == 1)
    }
}
