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

    struct BinaryMissing: Error, CustomStringConvertible {
        var description: String { "gantry binary not found; build it with `swift build --build-tests`" }
    }
}
