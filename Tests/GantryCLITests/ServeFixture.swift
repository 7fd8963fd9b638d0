import Foundation
import GantryShell
import GantryTestSupport

/// A team's setup for `gantry serve`: a bare "hosted" repository (standing in for GitHub, GitLab
/// or Gitea), a developer's clone that pushes to it, an operator folder with pipelines and state,
/// hosts that are aliases of the test sshd, and a real `gantry serve` on a loopback port.
final class ServeFixture: @unchecked Sendable {
    /// The repositories, hosts and folders, as the push tests lay them out.
    let push: PushFixture
    static let secret = "hook-s3cret-value"

    var root: TemporaryDirectory { push.root }
    /// The hosted repository (a bare repository standing in for GitHub, GitLab or Gitea).
    var remote: GitFixture { push.bare }
    var clone: GitFixture { push.clone }
    var opsDirectory: String { root.path + "/ops" }
    var pipelinesDirectory: String { push.pipelinesDirectory }
    var statePath: String { push.statePath }
    var hostsRoot: String { push.hostsRoot }
    var environment: [String: String] { ["GANTRY_SECRET_HOOK_SECRET": Self.secret, "HOME": root.path] }

    init() throws {
        push = try PushFixture()
        _ = try clone.commit("first", files: ["app/VERSION": "1\n"])
        _ = try clone.git("push", "-q", "origin", "main")
    }

    /// The remote as its payloads name it (`full_name`): the last two folders of its path.
    var repositoryName: String {
        remote.path.split(separator: "/").suffix(2).joined(separator: "/")
    }

    /// A pipeline taking `provider`'s webhooks for the remote: main → development, `v*` → staging.
    /// Each pipeline deploys into its own folder under `hostsRoot/<name>/`.
    func pipeline(_ name: String, provider: String, extraSteps: String = "", extra: String = "",
                  remote remoteURL: String? = nil, secrets: String = "[HOOK_SECRET]") -> String {
        """
        version: 1
        name: \(name)
        webhook: { provider: \(provider), secret: HOOK_SECRET, remote: "\(remoteURL ?? remote.path)", reconcile: 1d }
        secrets: \(secrets)
        artifact:
          build: "echo built"
        \(push.hostsYAML)
        vars: { ROOT: "\(hostsRoot)/\(name)" }
        environments:
          development: { branch: main, hosts: [dev-1] }
          staging: { from: development, tags: "v*", hosts: [stage-1] }
        steps:
        \(extraSteps)
          - name: deploy
            run: "mkdir -p ${vars.ROOT}/${host.name} && echo ${artifact.tag} > ${vars.ROOT}/${host.name}/deployed"
        \(extra)
        """
    }

    func writePipeline(_ name: String, _ yaml: String) throws {
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: pipelinesDirectory + "/\(name).yml"))
    }

    /// Commits and pushes to the remote; returns (before, after) of `main`.
    @discardableResult
    func pushCommit(_ content: String) throws -> (before: String, after: String) {
        let before = try clone.sha("main")
        _ = try clone.commit(content, files: ["app/VERSION": content + "\n"])
        _ = try clone.git("push", "-q", "origin", "main")
        return (before, try clone.sha("main"))
    }

    /// Pushes a commit to the remote and posts the push to `server` signed as `provider` sends it.
    @discardableResult
    func pushAndPost(to server: Server, delivery: String, provider: String = "github",
                     content: String = "2") throws -> (reply: HTTP.Reply, after: String) {
        let (before, after) = try pushCommit(content)
        let body = payload(provider, before: before, after: after)
        let reply = try HTTP.request("POST", server.base + "/hooks/\(provider)",
                                     headers: try signedHeaders(provider, body: body, delivery: delivery), body: body)
        return (reply, after)
    }

    /// What the deploy step of `pipeline` wrote on `host`, or nil.
    func deployed(_ pipeline: String, on host: String) -> String? {
        (try? String(contentsOfFile: "\(hostsRoot)/\(pipeline)/\(host)/deployed", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `gantry ARGS` against the operator folder.
    func gantry(_ arguments: [String], environment extra: [String: String] = [:]) throws -> GantryBinary.Result {
        try GantryBinary.run(arguments + ["--pipelines", pipelinesDirectory, "--state", statePath], in: URL(fileURLWithPath: opsDirectory),
                             environment: environment.merging(extra) { $1 })
    }

    /// A number from the state database.
    func count(_ sql: String) throws -> Int { try push.count(sql) }

    // MARK: The server

    /// A running `gantry serve`, its output readable while it runs.
    final class Server: @unchecked Sendable {
        typealias Output = SchedulerSignalTests.Output
        let process: ChildProcess.Running
        let printed = Output()
        private(set) var port = 0

        init(process: ChildProcess.Running) { self.process = process }

        var output: String { printed.current }
        func waitFor(_ needle: String) -> Bool { printed.waitFor(needle) }

        /// Waits up to 60 s for the line that says where serve listens; false at once if it exits.
        func readPort() -> Bool {
            let line = "serve: listening on http://127.0.0.1:", end = Date().addingTimeInterval(60)
            while !output.contains(line), Date() < end, !process.hasExited { usleep(20_000) }
            guard let range = output.range(of: line) else { return false }
            port = Int(output[range.upperBound...].prefix { $0.isNumber }) ?? 0
            return port > 0
        }

        var base: String { "http://127.0.0.1:\(port)" }

        /// SIGTERM, then the exit.
        func stop() -> ChildProcess.Result {
            kill(process.pid, SIGTERM)
            return process.wait()
        }
    }

    /// Starts `gantry serve --listen 127.0.0.1:0` and waits until it listens.
    func startServer(extraArguments: [String] = [], environment extra: [String: String] = [:]) throws -> Server {
        guard let url = GantryBinary.url else { throw GantryBinary.BinaryMissing() }
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.merging(extra) { $1 }.merging(["NO_COLOR": "1"]) { $1 }
        let holder = Locked<Server?>(nil)
        let process = try ChildProcess.start(
            url.path, ["serve", "--listen", "127.0.0.1:0", "--pipelines", pipelinesDirectory, "--state", statePath] + extraArguments,
            in: opsDirectory, environment: env, onChunk: { _, data in holder.withLock { $0?.printed.append(data) } })
        let server = Server(process: process)
        holder.withLock { $0 = server }
        guard server.readPort() else {
            kill(process.pid, SIGKILL)
            let result = process.wait()
            throw ServeFailure(description: "gantry serve did not listen: \(server.output)\(result.stdout)\(result.stderr)")
        }
        return server
    }

    // MARK: Signed deliveries

    /// A push payload as `provider` sends it.
    func payload(_ provider: String, before: String, after: String, ref: String = "refs/heads/main", marker: String = "") -> Data {
        let repository = provider == "gitlab"
            ? "\"project\": {\"path_with_namespace\": \"\(repositoryName)\", \"git_ssh_url\": \"git@example.com:\(repositoryName).git\"}"
            : "\"repository\": {\"full_name\": \"\(repositoryName)\", \"ssh_url\": \"git@example.com:\(repositoryName).git\"}"
        return Data("""
            {"ref": "\(ref)", "before": "\(before)", "after": "\(after)", \(repository), "pusher": {"name": "dev"}, "note": "\(marker)"}
            """.utf8)
    }

    /// The headers `provider` signs `body` with (the secret, or `secret`).
    func signedHeaders(_ provider: String, body: Data, delivery: String, secret: String = ServeFixture.secret) throws -> [String] {
        let signature = try GitCLI.run(["sh", "-c", "openssl dgst -sha256 -hmac \"$1\" -hex | sed 's/^.* //'", "sh", secret],
                                       in: root.path, stdin: String(decoding: body, as: UTF8.self))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        switch provider {
        case "github": return ["X-GitHub-Event: push", "X-GitHub-Delivery: \(delivery)", "X-Hub-Signature-256: sha256=\(signature)"]
        case "gitea": return ["X-Gitea-Event: push", "X-Gitea-Delivery: \(delivery)", "X-Gitea-Signature: \(signature)"]
        default: return ["X-Gitlab-Event: Push Hook", "X-Gitlab-Event-UUID: \(delivery)", "X-Gitlab-Token: \(secret)"]
        }
    }
}

struct ServeFailure: Error, CustomStringConvertible {
    let description: String
}

/// Real HTTP with curl: the status code, the body and the response headers.
enum HTTP {
    struct Reply {
        var status: Int
        var body: String
        var headers: String
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] }
    }

    static func request(_ method: String, _ url: String, headers: [String] = [], body: Data? = nil) throws -> Reply {
        let folder = try TemporaryDirectory(prefix: "gantry-http")
        var arguments = ["-s", "-S", "-X", method, "-o", folder.path + "/body", "-D", folder.path + "/headers",
                         "-w", "%{http_code}", "-H", "Expect:"]
        for header in headers { arguments += ["-H", header] }
        if let body {
            try body.write(to: URL(fileURLWithPath: folder.path + "/request"))
            arguments += ["--data-binary", "@" + folder.path + "/request"]
        }
        let result = try ChildProcess.run("curl", arguments + [url])
        let read = { (name: String) in (try? String(contentsOfFile: folder.path + "/" + name, encoding: .utf8)) ?? "" }
        return Reply(status: Int(result.stdout) ?? -1, body: read("body"), headers: read("headers"))
    }

    static func get(_ url: String, headers: [String] = []) throws -> Reply { try request("GET", url, headers: headers) }
}
