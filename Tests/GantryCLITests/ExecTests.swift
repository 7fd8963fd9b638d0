import Foundation
import GantryTestSupport
import Testing

/// `gantry exec` through the built binary against a real sshd on loopback.
@Suite struct ExecTests {
    /// A project folder with one pipeline whose production hosts reach the test sshd.
    struct Project {
        let folder: TemporaryDirectory
        var url: URL { folder.url }

        /// `hosts` are (name, address, port); every host uses the test sshd's user and keys.
        init(hosts: [(name: String, address: String, port: Int)], parallel: Int = 4, knownHosts: String? = nil) throws {
            let sshd = try TestSSHD.shared()
            folder = try TemporaryDirectory(prefix: "gantry-exec")
            let pipelines = folder.url.appendingPathComponent("pipelines")
            try FileManager.default.createDirectory(at: pipelines, withIntermediateDirectories: true)
            let hostLines = hosts.map { "  \($0.name): { address: \($0.address), port: \($0.port), user: \(sshd.user) }" }
            let yaml = """
                version: 1
                name: ops
                hosts:
                \(hostLines.joined(separator: "\n"))
                ssh:
                  identity: \(sshd.identityPath)
                  known_hosts: \(knownHosts ?? sshd.aliasKnownHostsPath)
                  connect_timeout: 5s
                  parallel: \(parallel)
                secrets: [NEVER_SET]
                environments:
                  production:
                    hosts: [\(hosts.map(\.name).joined(separator: ", "))]
                steps:
                  - name: noop
                    run: "true"

                """
            try Data(yaml.utf8).write(to: pipelines.appendingPathComponent("ops.yml"))
        }

        func gantry(_ arguments: [String]) throws -> GantryBinary.Result {
            // Before the verb: anything after `--` would be part of the command.
            try GantryBinary.run(["--state", url.appendingPathComponent("state/state.db").path] + arguments, in: url)
        }
    }

    static func aliases(_ count: Int) throws -> [(name: String, address: String, port: Int)] {
        let sshd = try TestSSHD.shared()
        return sshd.hostAliases(count, prefix: "web").map { ($0.name, $0.address, sshd.port) }
    }

    /// Fails on the host reached at 127.0.0.3 (web-2), succeeds elsewhere: sshd names the address in SSH_CONNECTION.
    static let failOnSecondHost = #"case "$SSH_CONNECTION" in *" 127.0.0.3 "*) echo broken >&2; exit 3;; esac; echo fine"#

    @Test func outputLinesArePrefixedByHostNonASCIIIncluded() throws {
        let project = try Project(hosts: try Self.aliases(3))
        let result = try project.gantry(["exec", "ops", "production", "--", "printf", "'grüße ✓ 日本\\nzweite Zeile\\n'"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        for host in ["web-1", "web-2", "web-3"] {
            #expect(result.stdout.contains("\(host) | grüße ✓ 日本\n"))
            #expect(result.stdout.contains("\(host) | zweite Zeile\n"))
            #expect(result.stdout.contains("✓ \(host) exit 0 ("))
        }
        #expect(result.stdout.hasSuffix("exec on production: 3 succeeded, 0 failed, 0 unreachable\n"))
        #expect(result.stderr.isEmpty)
    }

    @Test func aCommandFailingOnOneHostExitsOneWithASummary() throws {
        let project = try Project(hosts: try Self.aliases(3))
        let result = try project.gantry(["exec", "ops", "production", "--", Self.failOnSecondHost])
        #expect(result.status == 1, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("web-1 | fine\n"))
        #expect(result.stdout.contains("web-2 | broken\n"))
        #expect(result.stdout.contains("✗ web-2 exit 3 ("))
        #expect(result.stdout.contains("exec on production: 2 succeeded, 1 failed, 0 unreachable\n"))
        #expect(result.stderr == "gantry: the command failed on web-2\n")
    }

    @Test func anUnreachableHostExitsFourAndOutranksAFailure() throws {
        var hosts = try Self.aliases(2)
        hosts.append((name: "web-down", address: "127.0.0.1", port: TestSSHD.closedPort()))
        let project = try Project(hosts: hosts)
        let result = try project.gantry(["exec", "ops", "production", "--", Self.failOnSecondHost])
        #expect(result.status == 4, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("✗ web-down unreachable: connect to 127.0.0.1:"), "stdout: \(result.stdout)")
        #expect(result.stdout.contains("exec on production: 1 succeeded, 1 failed, 1 unreachable\n"))
        #expect(result.stderr.contains("gantry: unreachable: web-down\n"))
    }

    @Test func anUnknownHostKeyIsRefusedWithExitFour() throws {
        // This known_hosts file only has [127.0.0.1]:port; the alias 127.0.0.2 is unknown.
        let project = try Project(hosts: try Self.aliases(1), knownHosts: try TestSSHD.shared().knownHostsPath)
        let result = try project.gantry(["exec", "ops", "production", "--", "echo", "never"])
        #expect(result.status == 4, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(!result.stdout.contains("never"))
        #expect(result.stdout.contains("✗ web-1 unreachable: "))
    }

    @Test func jsonReportsEveryHost() throws {
        var hosts = try Self.aliases(2)
        hosts.append((name: "web-down", address: "127.0.0.1", port: TestSSHD.closedPort()))
        let project = try Project(hosts: hosts)
        let result = try project.gantry(["--json", "exec", "ops", "production", "--", Self.failOnSecondHost, ";", "echo", "é"])
        #expect(result.status == 4)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["command"] as? String == Self.failOnSecondHost + " ; echo é")
        #expect(document["outcome"] as? String == "unreachable")
        #expect(document["succeeded"] as? Int == 1)
        #expect(document["failed"] as? Int == 1)
        #expect(document["unreachable"] as? Int == 1)
        let entries = try #require(document["hosts"] as? [[String: Any]])
        #expect(entries.map { $0["host"] as? String } == ["web-1", "web-2", "web-down"])
        let byName = Dictionary(uniqueKeysWithValues: entries.map { ($0["host"] as? String ?? "", $0) })
        #expect(byName["web-1"]?["exit_status"] as? Int == 0)
        #expect(byName["web-1"]?["stdout"] as? String == "fine\né\n")
        #expect(byName["web-1"]?["stderr"] as? String == "")
        #expect(byName["web-1"]?["signal"] is NSNull)
        #expect(byName["web-1"]?["error"] is NSNull)
        #expect((byName["web-1"]?["duration"] as? Double).map { $0 >= 0 } == true)
        #expect(byName["web-2"]?["exit_status"] as? Int == 3)
        #expect(byName["web-2"]?["stderr"] as? String == "broken\n")
        #expect(byName["web-2"]?["status"] as? String == "failed")
        #expect(byName["web-down"]?["status"] as? String == "unreachable")
        #expect(byName["web-down"]?["exit_status"] is NSNull)
        #expect((byName["web-down"]?["error"] as? String)?.isEmpty == false)
        #expect(!result.stdout.contains(" | "), "--json prints one document, no live lines")
    }

    @Test func parallelOneRunsHostsOneAfterAnother() throws {
        let project = try Project(hosts: try Self.aliases(3), parallel: 10)
        let command = "date +%s.%N; sleep 0.3; date +%s.%N"
        let result = try project.gantry(["--json", "exec", "--parallel", "1", "ops", "production", "--", command])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let intervals = try #require(document["hosts"] as? [[String: Any]]).map { entry -> (Double, Double) in
            let times = (entry["stdout"] as? String ?? "").split(separator: "\n").compactMap { Double($0) }
            return (times.first ?? 0, times.last ?? 0)
        }.sorted { $0.0 < $1.0 }
        #expect(intervals.count == 3)
        #expect(intervals.allSatisfy { $0.1 - $0.0 >= 0.3 })
        for (previous, next) in zip(intervals, intervals.dropFirst()) {
            #expect(next.0 >= previous.1, "with --parallel 1 no two hosts run at once")
        }
        #expect(try project.gantry(["exec", "--parallel", "0", "ops", "production", "--", "true"]).status == 2)
    }

    @Test func everyExecIsAuditedOnce() throws {
        let project = try Project(hosts: try Self.aliases(2))
        #expect(try project.gantry(["exec", "ops", "production", "--", Self.failOnSecondHost]).status == 1)
        let audit = try project.gantry(["--json", "audit"])
        #expect(audit.status == 0, "stderr: \(audit.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
        let entries = try #require(document["events"] as? [[String: Any]])
        let execs = entries.filter { $0["action"] as? String == "exec" }
        #expect(execs.count == 1)
        let event = try #require(execs.first)
        let user = try #require(String(validatingCString: getpwuid(getuid()).pointee.pw_name))
        #expect(event["actor"] as? String == user)
        #expect(event["pipeline"] as? String == "ops")
        #expect(event["environment"] as? String == "production")
        #expect(event["outcome"] as? String == "failed")
        let details = event["details"] as? String ?? ""
        #expect(details.hasPrefix("command: \(Self.failOnSecondHost)\n1 succeeded, 1 failed, 0 unreachable\n"))
        #expect(details.contains("web-1: exit 0 ("))
        #expect(details.contains("web-2: exit 3 ("))
    }

    @Test func anEmptyCommandIsAUsageError() throws {
        let project = try Project(hosts: try Self.aliases(1))
        let missing = try project.gantry(["exec", "ops", "production"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("exec needs a command after --"))
        #expect(try project.gantry(["exec", "ops", "production", "--", " "]).status == 2)
        #expect(try project.gantry(["exec", "ops", "nowhere", "--", "true"]).status == 2)
    }
}

/// The help text of `gantry exec` names its exit codes.
@Suite struct ExecHelpTests {
    @Test func helpNamesTheExitCodesAndTheTerminator() throws {
        let result = try GantryBinary.run(["exec", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("OVERVIEW: Run an ad-hoc command on every host of an environment (audited).\n"))
        #expect(result.stdout.contains("<pipeline> <environment> [--parallel <n>] [--hosts <list>] [--skip-unreachable] [--json-lines] -- [<command> ...]"))
        let words = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("Exit 0 when it succeeded everywhere, 1 when it failed on some host, 4 when a host could not "
            + "be reached or refused the login or its host key (the highest wins)."))
    }
}
