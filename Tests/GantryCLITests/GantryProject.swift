import Foundation
import GantryTestSupport

/// A project the real binary runs against: its repository (with `pipelines/`), a temporary folder
/// for the state and the hosts' folders, and the environment of its runs.
protocol GantryProject: AnyObject {
    var repo: GitFixture { get }
    var root: TemporaryDirectory { get }
    /// Environment for gantry runs (secrets live here, never in files of the repo).
    var environment: [String: String] { get }
}

extension GantryProject {
    /// Where host H keeps its files: `hostsRoot/H` (through `${host.name}` in the pipeline).
    var hostsRoot: String { root.path + "/hosts" }
    var statePath: String { root.path + "/state/state.db" }
    var pipelinesPath: String { repo.path + "/pipelines" }

    /// Runs the gantry binary with this project's pipelines and state.
    @discardableResult
    func gantry(_ arguments: String...) throws -> GantryBinary.Result {
        try GantryBinary.run(["--pipelines", pipelinesPath, "--state", statePath] + arguments, in: URL(fileURLWithPath: repo.path),
                             environment: environment)
    }

    /// Starts the gantry binary without waiting (for kill -9 and concurrency tests).
    func start(_ arguments: String...) throws -> ChildProcess.Running {
        try GantryBinary.start(["--pipelines", pipelinesPath, "--state", statePath] + arguments, in: repo.path, environment: environment)
    }

    /// Builds HEAD and returns the artifact tag.
    func build() throws -> String {
        try GantryBinary.builtTag(try gantry("build", "shop", "--json"))
    }
}
