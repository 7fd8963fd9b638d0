import Foundation
import GantryTestSupport
import Testing

/// `/api/*` prints what `--json` prints; `/healthz`, `/metrics`, errors, the token, `--listen`.
@Suite(.serialized) struct ServeAPITests {
    /// A server whose pipeline has run one webhook deployment.
    func deployedServer(extra: String = "", secrets: String = "[HOOK_SECRET]",
                        environment: [String: String] = [:]) throws -> (ServeFixture, ServeFixture.Server) {
        let fixture = try ServeFixture()
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github", extra: extra, secrets: secrets))
        let server = try fixture.startServer(environment: environment)
        #expect(try fixture.pushAndPost(to: server, delivery: "api-1").reply.status == 202)
        #expect(GantryBinary.waitUntil(seconds: 60) {
            (try? fixture.count("SELECT count(*) FROM webhook_delivery WHERE state = 'done'")) == 1
        }, "\(server.output)")
        return (fixture, server)
    }

    @Test func theAPIPrintsTheCommandLinesDocuments() throws {
        let (fixture, server) = try deployedServer()
        defer { _ = server.stop() }
        let pairs: [(String, [String])] = [
            ("/api/status", ["status", "--json"]),
            ("/api/history/shop", ["history", "shop", "--json"]),
            ("/api/history/shop?environment=development&limit=5", ["history", "shop", "development", "--limit", "5", "--json"]),
            ("/api/deployments/1", ["logs", "1", "--json"]),
        ]
        for (path, arguments) in pairs {
            let api = try HTTP.get(server.base + path)
            let cli = try fixture.gantry(arguments)
            #expect(api.status == 200 && cli.status == 0, "\(path): \(api.body) \(cli.stderr)")
            #expect(api.headers.lowercased().contains("content-type: application/json"))
            #expect(api.body == cli.stdout, "\(path) differs from gantry \(arguments.joined(separator: " "))")
        }
        #expect(try HTTP.get(server.base + "/api/status").json?["pipelines"] != nil)
    }

    @Test func errorsAreSmallJSONDocuments() throws {
        let (_, server) = try deployedServer()
        defer { _ = server.stop() }
        let cases: [(String, Int, String)] = [
            ("/api/history/nope", 404, "no pipeline named 'nope'"),
            ("/api/history/shop?limit=0", 400, "limit '0' is not a number from 1 to 10000"),
            ("/api/history/shop?environment=qa", 404, "pipeline 'shop' has no environment 'qa' (known environments: 'development', 'staging')"),
            ("/api/deployments/77", 404, ""),
            ("/api/deployments/x", 400, "deployment id 'x' is not a number"),
            ("/no/such/page", 404, ""),
        ]
        for (path, status, message) in cases {
            let reply = try HTTP.get(server.base + path)
            let error = reply.json?["error"] as? [String: Any]
            #expect(reply.status == status && error?["status"] as? Int == status, "\(path): \(reply.status) \(reply.body)")
            if !message.isEmpty { #expect(error?["message"] as? String == message, "\(path)") }
            #expect(error?.keys.sorted() == ["message", "status"], "\(path): \(reply.body)")
        }
    }

    @Test func healthAndMetrics() throws {
        let (_, server) = try deployedServer()
        defer { _ = server.stop() }
        let health = try HTTP.get(server.base + "/healthz")
        #expect(health.status == 200 && health.json?["status"] as? String == "ok")
        _ = try HTTP.request("POST", server.base + "/hooks/github", headers: ["X-GitHub-Delivery: m-1"], body: Data("{}".utf8))
        #expect(GantryBinary.waitUntil(seconds: 30) {
            ((try? HTTP.get(server.base + "/metrics").body) ?? "").contains("gantry_deployments_total{")
        })
        let metrics = try HTTP.get(server.base + "/metrics")
        #expect(metrics.headers.contains("text/plain; version=0.0.4"))
        #expect(metrics.body.contains("gantry_webhook_deliveries_total{provider=\"github\",outcome=\"queued\"} 1"))
        #expect(metrics.body.contains("gantry_webhook_deliveries_total{provider=\"github\",outcome=\"unauthorized\"} 1"))
        #expect(metrics.body.contains("gantry_deployments_total{pipeline=\"shop\",environment=\"development\",status=\"succeeded\"} 1"))
        #expect(metrics.body.contains("gantry_deployment_duration_seconds_count{pipeline=\"shop\",environment=\"development\"} 1"))
    }

    @Test func gateRefusalsAreCountedByGate() throws {
        let (fixture, server) = try deployedServer(extra: """
            """)
        defer { _ = server.stop() }
        // staging needs development to run the artifact first: v0 was never deployed there.
        _ = try fixture.clone.git("tag", "v0", "main~1")
        _ = try fixture.clone.git("push", "-q", "origin", "v0")
        let body = fixture.payload("github", before: String(repeating: "0", count: 40), after: try fixture.clone.sha("v0"), ref: "refs/tags/v0")
        _ = try HTTP.request("POST", server.base + "/hooks/github",
                             headers: try fixture.signedHeaders("github", body: body, delivery: "gate-1"), body: body)
        #expect(GantryBinary.waitUntil(seconds: 60) {
            ((try? HTTP.get(server.base + "/metrics").body) ?? "").contains("gantry_gate_blocks_total{gate=\"path\"} 1")
        }, "\(server.output)")
    }

    @Test func aTokenGuardsPagesAndAPIButNotWebhooksOrHealth() throws {
        let token = "serve-t0ken-value"
        let (fixture, server) = try deployedServer(extra: "serve: { token: SERVE_TOKEN }\n", secrets: "[HOOK_SECRET, SERVE_TOKEN]",
                                                   environment: ["GANTRY_SECRET_SERVE_TOKEN": token])
        defer { _ = server.stop() }
        _ = fixture
        for path in ["/", "/api/status", "/metrics", "/deployments/1", "/events"] {
            let reply = try HTTP.get(server.base + path)
            #expect(reply.status == 401 && (reply.json?["error"] as? [String: Any])?["status"] as? Int == 401, "\(path)")
        }
        #expect(try HTTP.get(server.base + "/api/status", headers: ["Authorization: Bearer wrong"]).status == 401)
        #expect(try HTTP.get(server.base + "/api/status", headers: ["Authorization: Bearer \(token)"]).status == 200)
        #expect(try HTTP.get(server.base + "/healthz").status == 200)
        // /?token= sets a cookie (not the token itself) and sends the browser on without it.
        let login = try HTTP.get(server.base + "/?token=\(token)")
        #expect(login.status == 303 && login.headers.contains("location: /") || login.headers.contains("Location: /"))
        let cookieLine = try #require(login.headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie: gantry_token=") })
        #expect(cookieLine.contains("HttpOnly") && cookieLine.contains("SameSite=Strict") && !cookieLine.contains(token))
        let cookie = String(cookieLine.dropFirst("set-cookie: ".count).prefix { $0 != ";" })
        #expect(try HTTP.get(server.base + "/", headers: ["Cookie: \(cookie)"]).status == 200)
        #expect(try HTTP.get(server.base + "/?token=wrong").status == 401)
        #expect(!server.output.contains(token) && server.output.contains("token required"))
    }

    @Test func aTokenThatCannotBeResolvedStopsTheServerBeforeItListens() throws {
        let fixture = try ServeFixture()
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github", extra: "serve: { token: SERVE_TOKEN }\n",
                                                           secrets: "[HOOK_SECRET, SERVE_TOKEN]"))
        let result = try fixture.gantry(["serve", "--listen", "127.0.0.1:0"])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("serve.token") && result.stderr.contains("SERVE_TOKEN"))
        #expect(!result.stdout.contains("listening"))
    }

    /// One server has one token: two pipelines naming different token secrets stop it before it listens.
    @Test func twoDifferentTokenSecretsStopTheServerBeforeItListens() throws {
        let fixture = try ServeFixture()
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github", extra: "serve: { token: TOKEN_A }\n",
                                                           secrets: "[HOOK_SECRET, TOKEN_A]"))
        try fixture.writePipeline("blog", fixture.pipeline("blog", provider: "github", extra: "serve: { token: TOKEN_B }\n",
                                                           secrets: "[HOOK_SECRET, TOKEN_B]"))
        let result = try fixture.gantry(["serve", "--listen", "127.0.0.1:0"], environment: ["GANTRY_SECRET_TOKEN_A": "a", "GANTRY_SECRET_TOKEN_B": "b"])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("name different serve tokens ('TOKEN_A' and 'TOKEN_B')")
                    || result.stderr.contains("name different serve tokens ('TOKEN_B' and 'TOKEN_A')"), "\(result.stderr)")
        #expect(!result.stdout.contains("listening"))
    }

    /// A file that does not validate could be the one asking for a token: the server stays closed.
    @Test func aPipelineThatDoesNotValidateStopsTheServerBeforeItListens() throws {
        let fixture = try ServeFixture()
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github"))
        try fixture.writePipeline("broken", "version: 1\nname: broken\nserve: { token: NOPE }\n")
        let result = try fixture.gantry(["serve", "--listen", "127.0.0.1:0"])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("gantry serve starts only when every pipeline validates; \(fixture.pipelinesDirectory)/broken.yml does not:"),
                "\(result.stderr)")
        #expect(result.stderr.contains("\n\(fixture.pipelinesDirectory)/broken.yml:1:1: error: "), "each finding is shown where it is: \(result.stderr)")
        #expect(!result.stdout.contains("listening"))
    }

    @Test func listenIsLoopbackUnlessSaidOtherwise() throws {
        let fixture = try ServeFixture()
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github"))
        for bad in ["8420", "localhost", "127.0.0.1:99999", "1.2.3.4:x"] {
            let result = try fixture.gantry(["serve", "--listen", bad])
            #expect(result.status == 2 && result.stderr.contains("--listen '\(bad)' is not HOST:PORT"), "\(bad): \(result.stderr)")
        }
        let help = try fixture.gantry(["serve", "--help"])
        #expect(help.stdout.contains("--listen <host:port>") && help.stdout.contains("(default 127.0.0.1:8420,"))
        let server = try fixture.startServer()
        #expect(server.output.contains("(loopback only; no token)"))
        _ = server.stop()
    }

    @Test func anotherAddressIsStatedInTheLog() throws {
        let fixture = try ServeFixture()
        try fixture.writePipeline("shop", fixture.pipeline("shop", provider: "github"))
        guard let url = GantryBinary.url else { throw GantryBinary.BinaryMissing() }
        let output = ServeFixture.Server.Output()
        let process = try ChildProcess.start(url.path, ["serve", "--listen", "0.0.0.0:0", "--pipelines", fixture.pipelinesDirectory,
                                                        "--state", fixture.statePath], in: fixture.opsDirectory,
                                             environment: ProcessInfo.processInfo.environment.merging(fixture.environment) { $1 },
                                             onChunk: { _, data in output.append(data) })
        #expect(output.waitFor("serve: listening on http://0.0.0.0:"))
        #expect(output.current.contains("(NOT loopback: reachable from the network; put a TLS reverse proxy in front; no token)"))
        kill(process.pid, SIGTERM)
        #expect(process.wait().status == 0)
    }
}
