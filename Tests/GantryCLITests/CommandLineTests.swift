import Foundation
import GantryShell
import GantryTestSupport
import Testing
@testable import GantryCLI

/// The built binary: exit codes, streams, global options in either position.
@Suite struct CommandLineTests {
    @Test func binaryIsFound() {
        #expect(GantryBinary.url != nil, "build with `swift build --build-tests` before running tests")
    }

    @Test func usageErrorExitsTwoNotSixtyFour() throws {
        let result = try GantryBinary.run(["plan"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Error: Missing expected argument '<pipeline>'"))
        #expect(result.stdout.isEmpty)
    }

    @Test func unknownVerbAndUnknownOptionExitTwo() throws {
        #expect(try GantryBinary.run(["deplyo"]).status == 2)
        #expect(try GantryBinary.run(["validate", "--frobnicate"]).status == 2)
    }

    @Test(arguments: [["history", "shop"], ["logs", "1"], ["audit"], ["audit", "--verify"], ["status"]])
    func anUnreadableStoreIsAnInfrastructureError(arguments: [String]) throws {
        let dir = try TemporaryDirectory()
        let state = dir.url.appendingPathComponent("state.db").path
        try Data("this is not a database, and it is longer than a header".utf8).write(to: URL(fileURLWithPath: state))
        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        try "version: 1\nhosts: { web: { address: 127.0.0.1 } }\nenvironments: { dev: { hosts: [web] } }\nsteps: [{ run: 'true' }]\n"
            .write(to: dir.url.appendingPathComponent("pipelines/shop.yml"), atomically: true, encoding: .utf8)
        let result = try GantryBinary.run(["--state", state] + arguments, in: dir.url)
        #expect(result.status == 4, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("state store"))
    }

    @Test func hooksInstallIntoANonRepositoryIsAUsageError() throws {
        let dir = try TemporaryDirectory()
        let result = try GantryBinary.run(["hooks", "install", dir.path], in: dir.url)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("not a git repository") || result.stderr.contains("repository"))
    }

    @Test func everySeverityHasItsExitCode() {
        #expect(Severity.allCases.map { ExitStatus($0).rawValue } == [1, 2, 3, 4])
        #expect(ExitStatus(signal: SIGINT) == .interrupted && ExitStatus(signal: SIGTERM) == .terminated)
        #expect(ExitStatus(.blocked, signal: nil) == .refused && ExitStatus(.errored, signal: nil) == .infrastructure)
        #expect(ExitStatus(.interrupted, signal: SIGTERM).rawValue == 143 && ExitStatus(.succeeded, signal: nil) == .success)
    }

    @Test func helpExitsZeroOnStdout() throws {
        let result = try GantryBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("OVERVIEW: Build once"))
    }

    @Test func validateShippedPipelines() throws {
        let result = try GantryBinary.run(["validate"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("ok  pipelines/webshop.yml (webshop)"))
    }

    @Test func validateTakesAFileOfThePipelinesFolderAndRefusesOneElsewhere() throws {
        let byPath = try GantryBinary.run(["validate", "pipelines/webshop.yml"])
        #expect(byPath.status == 0, "\(byPath.stderr)")
        #expect(byPath.stdout.contains("ok  pipelines/webshop.yml (webshop)") && byPath.stdout.contains("1 pipeline valid"))
        #expect(try GantryBinary.run(["validate", "./pipelines/../pipelines/webshop.yml"]).status == 0)

        let elsewhere = try GantryBinary.run(["validate", "templates/webshop.yml"])
        #expect(elsewhere.status == 2)
        #expect(elsewhere.stderr.contains("'templates/webshop.yml' is not a pipeline file of the folder 'pipelines'; "
            + "name a pipeline of that folder ('webshop') or give the folder with --pipelines"), "\(elsewhere.stderr)")
        let unknown = try GantryBinary.run(["validate", "webshp"])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown pipeline 'webshp'"), "a plain name is still a name")
    }

    @Test func validateJSONReportsEveryErrorAndExitsTwo() throws {
        let project = try TemporaryDirectory()
        let folder = project.url.appendingPathComponent("pipelines")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("version: 1\nenvironments:\n  dev: { hosts: [web] }\nstesp: []\n".utf8)
            .write(to: folder.appendingPathComponent("shop.yml"))
        let result = try GantryBinary.run(["--json", "validate"], in: project.url)
        #expect(result.status == 2)
        #expect(result.stdout == """
            {"errors":[{"column":18,"file":"pipelines/shop.yml","line":3,"message":"unknown host or group 'web' in environment 'dev'"},\
            {"column":1,"file":"pipelines/shop.yml","line":4,"message":"unknown key 'stesp' (did you mean 'steps'?)"}]}

            """)
        let human = try GantryBinary.run(["validate", "--pipelines", "pipelines"], in: project.url)
        #expect(human.status == 2)
        #expect(human.stderr.hasPrefix("pipelines/shop.yml:3:18: error: unknown host or group 'web' in environment 'dev'\n"))
    }

    @Test func planShowsBatchesMaskedSecretsAndPlaceholders() throws {
        let result = try GantryBinary.run(["plan", "webshop", "production", "--artifact", "v1.2.0", "--json"])
        #expect(result.status == 0)
        let data = Data(result.stdout.utf8)
        let report = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(report?["halt_on_failure"] as? Bool == true)
        #expect(report?["path"] as? [String] == ["development", "staging", "production"])
        let batches = report?["batches"] as? [[[String: Any]]]
        #expect(batches?.map { $0.compactMap { $0["name"] as? String } } == [["prod-web-1", "prod-web-2"], ["prod-web-3", "prod-web-4"]])
        let steps = report?["steps"] as? [[String: Any]]
        #expect(steps?.first(where: { $0["name"] as? String == "switch" })?["command"] as? String
                == "ln -sfn /srv/webshop/releases/v1.2.0 /srv/webshop/current && sudo systemctl restart webshop")
        let rollback = report?["rollback"] as? [[String: Any]]
        #expect((rollback?.first?["command"] as? String)?.contains("<previous.tag>") == true)
        #expect(!result.stdout.contains("DATABASE_URL="))
    }

    @Test func planOfUnknownEnvironmentIsAConfigurationError() throws {
        let result = try GantryBinary.run(["plan", "webshop", "prodution"])
        #expect(result.status == 2)
        #expect(result.stderr == "gantry: error: pipeline 'webshop' has no environment 'prodution' (did you mean 'production'?)\n")
    }
}

/// Pure parts of the command line.
@Suite struct CommandLineUnitTests {
    @Test func globalOptionsBeforeTheVerbMoveBehindIt() {
        #expect(GantryMain.hoistingGlobalOptions(["--json", "--pipelines", "p", "validate", "a"])
                == ["validate", "--json", "--pipelines", "p", "a"])
        #expect(GantryMain.hoistingGlobalOptions(["-v", "schedule", "next", "@daily"]) == ["schedule", "next", "-v", "@daily"])
        #expect(GantryMain.hoistingGlobalOptions(["validate", "--json"]) == ["validate", "--json"])
        #expect(GantryMain.hoistingGlobalOptions(["exec", "p", "e", "--", "--json"]) == ["exec", "p", "e", "--", "--json"])
    }

    @Test func highestExitStatusWins() {
        #expect(ExitStatus.combined([.success, .refused, .failed]) == .refused)
        #expect(ExitStatus.combined([.infrastructure, .usage]) == .infrastructure)
        #expect(ExitStatus.combined([]) == .success)
        var status = ExitStatus.failed
        status.merge(.success)
        #expect(status == .failed)
    }

    @Test func colourOnlyOnATerminalWithoutNoColor() {
        #expect(Terminal.colorAllowed(noColorFlag: false, environment: [:], isTerminal: true))
        #expect(!Terminal.colorAllowed(noColorFlag: true, environment: [:], isTerminal: true))
        #expect(!Terminal.colorAllowed(noColorFlag: false, environment: ["NO_COLOR": "1"], isTerminal: true))
        #expect(Terminal.colorAllowed(noColorFlag: false, environment: ["NO_COLOR": ""], isTerminal: true))
        #expect(!Terminal.colorAllowed(noColorFlag: false, environment: [:], isTerminal: false))
    }

    @Test func statePathPrefersFlagThenEnvironmentThenDefault() throws {
        let options = try GlobalOptions.parse(["--pipelines", "deploy/pipelines"])
        if ProcessInfo.processInfo.environment["GANTRY_STATE"] == nil {
            #expect(options.statePath == "deploy/.gantry/state.db")
        }
        #expect(try GlobalOptions.parse(["--state", "/srv/g.db"]).statePath == "/srv/g.db")
    }
}
