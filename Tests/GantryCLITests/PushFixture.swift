import Foundation
import GantryShell
import GantryTestSupport

/// A pushed-to bare repository with Gantry's hook, a clone to push from, an operator folder with
/// pipelines and state, and hosts that are aliases of the test sshd.
///
/// Deploy steps write into `hostsRoot/<host name>/`, so a test reads what really reached a host.
/// Builds append one line per run to `buildCount`, which lives outside the tree export.
final class PushFixture: @unchecked Sendable {
    let root: TemporaryDirectory
    let bare: GitFixture
    let clone: GitFixture
    let sshd: TestSSHD
    let hosts: [TestSSHD.HostAlias]

    var pipelinesDirectory: String { root.path + "/ops/pipelines" }
    var statePath: String { root.path + "/ops/state.db" }
    var hostsRoot: String { root.path + "/hosts" }
    var buildCount: String { root.path + "/builds.count" }
    var outputs: String { root.path + "/out" }

    init() throws {
        root = try TemporaryDirectory(prefix: "gantry-push")
        bare = try GitFixture.make(bare: true)
        clone = try GitFixture.make()
        sshd = try TestSSHD.shared()
        hosts = sshd.hostAliases(2, prefix: "push")
        try FileManager.default.createDirectory(atPath: pipelinesDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
        try clone.git("remote", "add", "origin", bare.path)
    }

    /// The `hosts:` and `ssh:` blocks for `dev-1` and `stage-1`, both on the test sshd.
    var hostsYAML: String {
        """
        hosts:
          dev-1: { address: \(hosts[0].address), port: \(sshd.port), user: \(sshd.user) }
          stage-1: { address: \(hosts[1].address), port: \(sshd.port), user: \(sshd.user) }
        ssh:
          identity: \(sshd.identityPath)
          known_hosts: \(sshd.aliasKnownHostsPath)
          connect_timeout: 10s
        """
    }

    /// The standard pipeline: main → development, `v*` tags → staging (from development).
    ///
    /// The build runs `git init` and `git add` in its export: it fails if the hook's `GIT_DIR`
    /// leaks into the build.
    func standardPipeline(build: String? = nil, tag: String = "${git.short_sha}") -> String {
        let command = build ?? "echo building; echo built >> \(buildCount); git init -q . && git add -A"
        return """
        version: 1
        name: shop
        repository: \(bare.path)
        artifact:
          tag: "\(tag)"
          build: "\(command)"
        \(hostsYAML)
        vars: { ROOT: "\(hostsRoot)" }
        environments:
          development:
            branch: main
            hosts: [dev-1]
          staging:
            from: development
            tags: "v*"
            hosts: [stage-1]
        steps:
          - name: deploy
            run: "mkdir -p ${vars.ROOT}/${host.name} && echo ${artifact.tag} > ${vars.ROOT}/${host.name}/deployed"

        """
    }

    func writePipeline(_ name: String, _ yaml: String) throws {
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: pipelinesDirectory + "/\(name).yml"))
    }

    /// `gantry hooks install BARE --pipelines P --state S`, with the real binary.
    func installHook() throws -> GantryBinary.Result {
        try GantryBinary.run(["hooks", "install", bare.path, "--pipelines", pipelinesDirectory, "--state", statePath])
    }

    /// Runs `gantry ARGS --pipelines P --state S`.
    func gantry(_ arguments: [String]) throws -> GantryBinary.Result {
        try GantryBinary.run(arguments + ["--pipelines", pipelinesDirectory, "--state", statePath])
    }

    /// `git push origin REFSPEC…` from the clone, its stderr read as it arrives.
    func push(_ refspecs: String...) throws -> Push {
        try Push.run(["push", "origin"] + refspecs, in: clone.path)
    }

    /// `git push origin REFSPEC…` with `environment` added (the hook inherits it).
    func push(_ refspecs: [String], environment: [String: String]) throws -> Push {
        try Push.run(["push", "origin"] + refspecs, in: clone.path, environment: environment)
    }

    /// What a host's deploy step wrote, or nil when nothing reached it.
    func deployed(on host: String) -> String? {
        (try? String(contentsOfFile: hostsRoot + "/\(host)/deployed", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// How many builds ran (lines in `buildCount`).
    var buildsRun: Int {
        ((try? String(contentsOfFile: buildCount, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// A number from the state database (`SELECT …`); 0 when there is no database yet.
    func count(_ sql: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: statePath) else { return 0 }
        let text = try GitCLI.run(["sqlite3", statePath, sql], in: root.path)
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Recorded artifacts of pipeline `shop` (optionally for one commit).
    func artifactCount(commit: String? = nil) throws -> Int {
        try count("SELECT count(*) FROM artifact WHERE pipeline = 'shop'" + (commit.map { " AND commit_sha = '\($0)'" } ?? ""))
    }

    /// Deployments of pipeline `shop` as `gantry history --json` reports them.
    func history() throws -> [[String: Any]] {
        let result = try gantry(["history", "shop", "--json"])
        guard result.status == 0 else { return [] }
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return object?["deployments"] as? [[String: Any]] ?? []
    }
}

/// One `git push`: exit status, and each stderr line with the time it arrived.
struct Push {
    var status: Int32
    var lines: [(at: TimeInterval, text: String)]
    var duration: TimeInterval
    var stderr: String { lines.map(\.text).joined(separator: "\n") }

    /// Lines git printed for the remote (the hook's output), without the `remote: ` prefix.
    var remote: [String] {
        lines.compactMap { $0.text.hasPrefix("remote: ") ? String($0.text.dropFirst(8)) : nil }
    }

    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Push {
        let reader = LineClock()
        let start = Date()
        let child = try ChildProcess.start("git", arguments, in: directory,
                                           environment: GitCLI.environment.merging(environment) { $1 }) { isStdout, data in
            if !isStdout { reader.append(data, at: Date().timeIntervalSince(start)) }
        }
        let result = child.wait()
        return Push(status: result.status, lines: reader.finish(at: Date().timeIntervalSince(start)),
                    duration: Date().timeIntervalSince(start))
    }
}

/// Splits bytes into lines (git ends progress lines with `\r`), stamping each with its arrival.
final class LineClock: Sendable {
    private struct State {
        var buffer: [UInt8] = []
        var lines: [(at: TimeInterval, text: String)] = []

        /// git pads `remote:` lines with spaces (to overwrite progress output); they are dropped.
        mutating func flush(at time: TimeInterval) {
            let text = String(decoding: buffer, as: UTF8.self)
            buffer = []
            let trimmed = String(text.reversed().drop { $0 == " " }.reversed())
            if !trimmed.isEmpty { lines.append((time, trimmed)) }
        }
    }

    private let state = Locked(State())

    func append(_ data: Data, at time: TimeInterval) {
        state.withLock { state in
            for byte in data {
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                    state.flush(at: time)
                } else {
                    state.buffer.append(byte)
                }
            }
        }
    }

    func finish(at time: TimeInterval) -> [(at: TimeInterval, text: String)] {
        state.withLock { state in
            state.flush(at: time)
            return state.lines
        }
    }
}
