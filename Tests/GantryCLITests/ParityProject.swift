import Foundation
import GantryTestSupport

/// A project for parity, verify and migration-ledger runs through the real binary and sshd.
///
/// Every host is an alias of the test sshd with its own folder under `hostsRoot` (through
/// `${host.name}`), so hosts really hold different state: a fact is a file a test writes on one
/// host. Environments: development → staging → production (parity with staging, blocking), and
/// qa, a sibling of staging (also from development), for differences off the promotion path.
final class ParityProject: GantryProject, @unchecked Sendable {
    let repo: GitFixture
    let root: TemporaryDirectory
    let sshd: TestSSHD
    var environment: [String: String] = [:]
    /// `parity.allow` list items (YAML), rewritten with `writePipeline()`.
    var allow: [String] = []
    /// Extra keys of production (YAML lines, indented by four).
    var production = "    parity: { with: staging, block: true }"
    var migrations = "migrations: { path: db/migrations }"
    var facts = """
        runtime: "cat ${vars.ROOT}/${host.name}/runtime"
        version: { run: "cat ${vars.ROOT}/${host.name}/current/VERSION", follows: artifact }
        password: "echo password=${secrets.DB_PASSWORD}"
    """
    var extraHosts = ""
    var extraEnvironments = ""
    var qa = "  qa: { from: development, hosts: [qa-1] }"
    var staging = "  staging: { from: development, hosts: [stage-1] }"
    var secrets = "[DB_PASSWORD]"

    static let hostNames = ["dev-1", "qa-1", "stage-1", "prod-1", "prod-2"]

    init() throws {
        sshd = try TestSSHD.shared()
        root = try TemporaryDirectory(prefix: "gantry-parity")
        repo = try GitFixture.make()
        try writePipeline()
        try repo.write("templates/.keep", "")
        try repo.write("db/migrations/V1__init.sql", "CREATE TABLE items (id int);\n")
        _ = try repo.commit("first")
        for host in Self.hostNames { try write(host, "runtime", "ruby 3.2\n") }
        environment["GANTRY_SECRET_DB_PASSWORD"] = "hunter2-shared"
        environment["HOME"] = root.path
    }

    /// Writes pipelines/shop.yml from the current settings (no commit needed: pipelines are read from disk).
    func writePipeline() throws {
        let aliases = sshd.hostAliases(Self.hostNames.count + 1, prefix: "h")
        let hosts = Self.hostNames.enumerated().map { index, name in
            "  \(name): { address: \(aliases[index].address), port: \(sshd.port), user: \(sshd.user) }"
        }.joined(separator: "\n")
        try repo.write("pipelines/shop.yml", """
            version: 1
            name: shop
            artifact:
              build: "true"
            hosts:
            \(hosts)
            \(extraHosts)
            groups:
              prod: [prod-1, prod-2]
            ssh:
              identity: \(sshd.identityPath)
              known_hosts: \(sshd.aliasKnownHostsPath)
              command_timeout: 30s
            vars:
              ROOT: \(hostsRoot)
              LOG_LEVEL: info
            secrets: \(secrets)
            environments:
              development: { hosts: [dev-1] }
            \(qa)
            \(staging)
              production:
                from: staging
                hosts: [prod]
            \(production)
            \(extraEnvironments)
            steps:
              - name: release
                run: "mkdir -p ${vars.ROOT}/${host.name}/releases/${artifact.tag} && echo ${artifact.tag} > ${vars.ROOT}/${host.name}/releases/${artifact.tag}/VERSION"
              - name: migrate
                run_once: true
                migration: true
                run: "echo migrated ${artifact.tag} >> ${vars.ROOT}/${env.name}.db"
              - name: slow
                run: "if [ -f ${vars.ROOT}/slow ]; then sleep 4; fi"
              - name: switch
                run: "ln -sfn ${vars.ROOT}/${host.name}/releases/${artifact.tag} ${vars.ROOT}/${host.name}/current"
            \(migrations)
            parity:
              running: "basename $(readlink ${vars.ROOT}/${host.name}/current)"
            \(facts.isEmpty ? "" : "  facts:\n" + facts)
            \(allow.isEmpty ? "" : "  allow:\n" + allow.map { "    - \($0)" }.joined(separator: "\n"))
            """)
    }

    /// Writes a file in a host's folder (the host's "disk").
    func write(_ host: String, _ path: String, _ contents: String) throws {
        let url = URL(fileURLWithPath: "\(hostsRoot)/\(host)/\(path)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }



    /// Commits `files` (and removes `removing`), builds HEAD and returns the artifact tag.
    func release(_ message: String, files: [String: String] = [:], removing: [String] = []) throws -> String {
        for path in removing { try repo.git("rm", "-q", path) }
        _ = try repo.commit(message, files: files)
        return try build()
    }


    /// Deploys `tag` to development and promotes it along the path up to `environment`, expecting success.
    func ship(_ tag: String, to environment: String) throws {
        let path = ["development", "staging", "production"]
        guard let last = path.firstIndex(of: environment) else { throw BuildFailed(status: 2, output: "unknown \(environment)") }
        for env in path[...last] {
            let result = env == "development" ? try gantry("deploy", "shop", env, "--artifact", tag)
                : try gantry("promote", "shop", env, "--artifact", tag)
            guard result.status == 0 else { throw BuildFailed(status: result.status, output: "\(env): " + result.stdout + result.stderr) }
        }
    }

    /// The `--json` document of a run as a dictionary.
    static func json(_ result: GantryBinary.Result) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
    }
}
