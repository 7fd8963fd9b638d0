import Foundation
import GantryTestSupport
@testable import GantryStore

/// A fresh store in its own temporary folder, plus helpers to poke at it from outside.
struct StoreFixture {
    let directory: TemporaryDirectory
    let path: String
    let store: StateStore

    /// A fixed instant so that tests never depend on the machine's clock.
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    init() throws {
        directory = try TemporaryDirectory(prefix: "gantry-store")
        path = directory.path + "/.gantry/state.db"
        store = try StateStore.open(path: path)
    }

    /// Runs SQL through the sqlite3 command-line tool, as someone editing the file by hand would.
    @discardableResult
    func sqlite(_ sql: String) throws -> String {
        try Self.run("/usr/bin/sqlite3", [path, sql])
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let result = try ChildProcess.run(executable, arguments)
        let output = result.stdout + result.stderr
        guard result.status == 0 else {
            throw FixtureError(message: "\(executable) \(arguments) failed: \(output)")
        }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func newDeployment(_ environment: String, _ tag: String, kind: DeploymentKind = .deploy,
                       status: DeploymentStatus = .running, at offset: TimeInterval = 0) -> NewDeployment {
        NewDeployment(pipeline: "webshop", environment: environment, artifactTag: tag, digest: "sha256:\(tag)",
                      commit: "c-\(tag)", kind: kind, status: status, actor: "alice",
                      startedAt: Self.t0.addingTimeInterval(offset))
    }

    /// Creates a deployment and finishes it with `status`.
    @discardableResult
    func deploy(_ environment: String, _ tag: String, kind: DeploymentKind = .deploy,
                status: DeploymentStatus = .succeeded, at offset: TimeInterval = 0) throws -> Deployment {
        let created = try store.createDeployment(newDeployment(environment, tag, kind: kind, at: offset))
        return try store.updateDeployment(id: created.id, status: status, now: Self.t0.addingTimeInterval(offset + 60))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

func fileMode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? Int) ?? -1
}

/// The mode bits including setuid/setgid/sticky, which FileManager does not report.
func fullMode(_ path: String) -> mode_t {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    return info.st_mode & 0o7777
}
