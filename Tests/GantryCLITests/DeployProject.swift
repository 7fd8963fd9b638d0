import Foundation
import GantryTestSupport

/// A real project for end-to-end runs: an app in a git repository, a pipeline whose hosts are
/// aliases of the test sshd, per-host folders on this machine, and a state file.
final class DeployProject: GantryProject, @unchecked Sendable {
    let repo: GitFixture
    let root: TemporaryDirectory
    let sshd: TestSSHD
    var environment: [String: String] = [:]

    /// - Parameters:
    ///   - extraSteps: YAML list items inserted after the `prepare` step.
    ///   - artifact: the `artifact:` mapping body.
    ///   - secrets: the `secrets:` list (`DB_PASSWORD` is used by the config file template).
    ///   - knownHosts: the `ssh.known_hosts` file (default: the test sshd's aliases).
    ///   - sshd: the server the hosts are aliases of (default: the shared test sshd).
    ///   - ports: a port per host name, instead of the server's (a closed port makes a host unreachable).
    ///   - releases: the `releases:` mapping, if any.
    init(extraSteps: String = "", artifact: String? = nil, secrets: String = "[DB_PASSWORD]", knownHosts: String? = nil,
         stepTimeout: String = "30s",
         productionRollout: String = "{ batch: 1, halt_on_failure: true }", productionApproval: String? = nil,
         sshd: TestSSHD? = nil, ports: [String: Int] = [:], releases: String? = nil) throws {
        let sshd = try sshd ?? TestSSHD.shared()
        self.sshd = sshd
        root = try TemporaryDirectory(prefix: "gantry-e2e")
        repo = try GitFixture.make()
        let aliases = sshd.hostAliases(4, prefix: "web")
        func host(_ name: String, _ index: Int) -> String {
            "  \(name): { address: \(aliases[index].address), port: \(ports[name] ?? sshd.port), user: \(sshd.user) }"
        }
        let pipeline = """
        version: 1
        name: shop
        artifact:
        \(artifact ?? "  build: \"mkdir -p dist && tar czf dist/shop.tgz app\"\n  file: dist/shop.tgz")
        hosts:
        \(host("dev-1", 0))
        \(host("stage-1", 1))
        \(host("prod-1", 2))
        \(host("prod-2", 3))
        groups:
          prod: [prod-1, prod-2]
        ssh:
          identity: \(sshd.identityPath)
          known_hosts: \(knownHosts ?? sshd.aliasKnownHostsPath)
          command_timeout: \(stepTimeout)
        vars:
          ROOT: \(hostsRoot)
          LOG_LEVEL: info
        secrets: \(secrets)
        environments:
          development: { branch: main, hosts: [dev-1] }
          staging: { from: development, hosts: [stage-1], vars: { LOG_LEVEL: debug } }
          production:
            from: staging
            hosts: [prod]
            rollout: \(productionRollout)
        \(productionApproval.map { "    approval: \($0)" } ?? "")
        steps:
          - name: prepare
            run: "mkdir -p ${vars.ROOT}/${host.name}/releases ${vars.ROOT}/${host.name}/shared"
        \(extraSteps)
        \(artifact == nil ? Self.artifactSteps : Self.releaseFolderStep)
          - name: config
            file: { template: templates/files/app.env, to: "${vars.ROOT}/${host.name}/shared/app.env", mode: "0600" }
          - name: switch
            run: "ln -sfn ${vars.ROOT}/${host.name}/releases/${artifact.tag} ${vars.ROOT}/${host.name}/current"
        rollback:
          - name: restore
            run: "ln -sfn ${vars.ROOT}/${host.name}/releases/${previous.tag} ${vars.ROOT}/${host.name}/current"
        \(releases.map { "releases: \($0)" } ?? "")
        """
        try repo.write("pipelines/shop.yml", pipeline)
        try repo.write("templates/files/app.env", "ENV=${env.name}\nLOG_LEVEL=${vars.LOG_LEVEL}\nDB_PASSWORD=${secrets.DB_PASSWORD}\nRELEASE=${artifact.tag}\n")
        try repo.write("app/VERSION", "1\n")
        _ = try repo.commit("first")
        environment["GANTRY_SECRET_DB_PASSWORD"] = "s3cret"
        environment["HOME"] = root.path
    }

    static let artifactSteps = """
          - name: upload
            upload: { to: "${vars.ROOT}/${host.name}/releases/${artifact.tag}.tgz" }
          - name: unpack
            run: "cd ${vars.ROOT}/${host.name}/releases && mkdir -p ${artifact.tag} && tar xzf ${artifact.tag}.tgz -C ${artifact.tag}"
        """
    static let releaseFolderStep = """
          - name: release
            run: "mkdir -p ${vars.ROOT}/${host.name}/releases/${artifact.tag}"
        """




    func hostFile(_ host: String, _ path: String) -> String? {
        try? String(contentsOfFile: "\(hostsRoot)/\(host)/\(path)", encoding: .utf8)
    }

    func currentRelease(_ host: String) -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(hostsRoot)/\(host)/current"))
            .map { URL(fileURLWithPath: $0).lastPathComponent }
    }
}

struct BuildFailed: Error, CustomStringConvertible {
    let status: Int32
    let output: String
    var description: String { "gantry build exited \(status): \(output)" }
}
