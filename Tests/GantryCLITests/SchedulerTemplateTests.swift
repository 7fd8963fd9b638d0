import Foundation
import Testing
import GantryTestSupport

/// The systemd units in templates/systemd: systemd accepts them, and their command lines run.
@Suite struct SchedulerTemplateTests {
    static let folder = GantryBinary.packageRoot.appendingPathComponent("templates/systemd")

    /// The unit files with the installed binary's path replaced by the built one.
    func units(in directory: TemporaryDirectory, binary: URL) throws -> [String] {
        try ["gantry-scheduler.service", "gantry-scheduler-tick.service", "gantry-scheduler.timer", "gantry-serve.service"].map { name in
            let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
            let path = directory.path + "/" + name
            try text.replacingOccurrences(of: "/usr/local/bin/gantry", with: binary.path)
                .write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    @Test func systemdAcceptsTheUnits() throws {
        guard let binary = GantryBinary.url else { throw GantryBinary.BinaryMissing() }
        let directory = try TemporaryDirectory(prefix: "gantry-units")
        let result = try ChildProcess.run("/usr/bin/systemd-analyze", ["verify", "--man=no"] + units(in: directory, binary: binary))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(result.stdout)\(result.stderr)")
        let timer = try String(contentsOf: Self.folder.appendingPathComponent("gantry-scheduler.timer"), encoding: .utf8)
        #expect(timer.contains("Unit=gantry-scheduler-tick.service"))
    }

    /// The `ExecStart=` words of a unit, with the example project paths moved to `project`.
    func command(_ unit: String, project: String) throws -> [String] {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(unit), encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        return line.dropFirst("ExecStart=".count).split(separator: " ").dropFirst()
            .map { $0.replacingOccurrences(of: "/srv/deploy", with: project) }
    }

    @Test func theCommandLinesOfBothServicesRun() throws {
        guard let binary = GantryBinary.url else { throw GantryBinary.BinaryMissing() }
        let project = try TemporaryDirectory(prefix: "gantry-unit-project")
        try ScheduleCommandTests.writePipeline(in: project.path, production: "    schedule:\n      - cron: \"0 10 * * tue\"")

        let tick = try command("gantry-scheduler-tick.service", project: project.path)
        #expect(Array(tick.suffix(2)) == ["scheduler", "tick"])
        let ticked = try ChildProcess.run(binary.path, tick, in: project.path)
        #expect(ticked.status == 0, "\(ticked.stderr)")
        #expect(FileManager.default.fileExists(atPath: project.path + "/.gantry/state.db"))

        let run = try command("gantry-scheduler.service", project: project.path)
        #expect(Array(run.suffix(2)) == ["scheduler", "run"])
        let output = SchedulerSignalTests.Output()
        let service = try ChildProcess.start(binary.path, run, in: project.path, onChunk: { _, data in output.append(data) })
        #expect(output.waitFor("scheduler: serving \(project.path)/.gantry/state.db"))
        kill(service.pid, SIGTERM)
        #expect(service.wait().status == 0)
    }

    @Test func theServeUnitsCommandLineServesAndStopsCleanly() throws {
        guard let binary = GantryBinary.url else { throw GantryBinary.BinaryMissing() }
        let project = try TemporaryDirectory(prefix: "gantry-unit-project")
        try ScheduleCommandTests.writePipeline(in: project.path, production: "")
        var serve = try command("gantry-serve.service", project: project.path)
        #expect(Array(serve.suffix(3)) == ["serve", "--listen", "127.0.0.1:8420"])
        // Any free port here: 8420 may be taken on a machine running tests.
        serve[serve.count - 1] = "127.0.0.1:0"
        let output = SchedulerSignalTests.Output()
        let service = try ChildProcess.start(binary.path, serve, in: project.path, onChunk: { _, data in output.append(data) })
        #expect(output.waitFor("serve: listening on http://127.0.0.1:"))
        kill(service.pid, SIGTERM)
        #expect(service.wait().status == 0)
        #expect(output.current.contains("serve: stopped on SIGTERM"))
    }
}
