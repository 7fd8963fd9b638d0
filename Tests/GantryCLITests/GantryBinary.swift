import Foundation
import GantryTestSupport

/// Runs the built `gantry` executable as a child process, as a user's shell would.
///
/// The binary sits next to the test bundle in SwiftPM's products folder; when the bundle is
/// elsewhere, `.build/debug/gantry` under the package root is used.
enum GantryBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var url: URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gantry"),
            Bundle.main.bundleURL.appendingPathComponent("gantry"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gantry"),
            packageRoot.appendingPathComponent(".build/debug/gantry"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs `gantry arguments…` in `directory`, with NO_COLOR set so output is plain.
    /// - Parameter stdin: Bytes for the child's standard input; nil gives it /dev/null.
    static func run(_ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:],
                    stdin: Data? = nil) throws -> Result {
        guard let url else { throw BinaryMissing() }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { $1 }
        let result = try ChildProcess.run(url.path, arguments, in: (directory ?? packageRoot).path,
                                          environment: environment, stdin: stdin)
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// Starts `gantry arguments…` in `directory` without waiting (NO_COLOR set).
    static func start(_ arguments: [String], in directory: String, environment extra: [String: String]) throws -> ChildProcess.Running {
        guard let url else { throw BinaryMissing() }
        let environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }.merging(["NO_COLOR": "1"]) { $1 }
        return try ChildProcess.start(url.path, arguments, in: directory, environment: environment)
    }

    /// The artifact tag of a `gantry build … --json` run, or why there is none.
    static func builtTag(_ result: Result) throws -> String {
        guard result.status == 0, let data = result.stdout.data(using: .utf8),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let tag = object["artifact"] as? String else {
            throw BuildFailed(status: result.status, output: result.stdout + result.stderr)
        }
        return tag
    }

    /// Asks `condition` every 0.1 s until it holds (true) or `seconds` have passed (false).
    static func waitUntil(seconds: Int = 10, _ condition: () -> Bool) -> Bool {
        for _ in 0..<(seconds * 10) {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return condition()
    }

    struct BinaryMissing: Error, CustomStringConvertible {
        var description: String { "gantry binary not found; build it with `swift build --build-tests`" }
    }

    /// The environments of `pipeline` in a `gantry status --json` document.
    static func statusEnvironments(_ json: String, pipeline: String = "shop") -> [[String: Any]] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let pipelines = object["pipelines"] as? [[String: Any]],
              let entry = pipelines.first(where: { $0["pipeline"] as? String == pipeline }) else { return [] }
        return entry["environments"] as? [[String: Any]] ?? []
    }

    /// One environment of a `gantry status --json` document.
    static func statusEnvironment(_ json: String, _ environment: String, pipeline: String = "shop") -> [String: Any]? {
        statusEnvironments(json, pipeline: pipeline).first { $0["environment"] as? String == environment }
    }

    /// The ids of the deployments running or pending, in every environment of a `status --json` document.
    static func runningIDs(_ json: String, pipeline: String = "shop") -> [Int] {
        statusEnvironments(json, pipeline: pipeline).flatMap { ($0["running"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int } }
    }
}
