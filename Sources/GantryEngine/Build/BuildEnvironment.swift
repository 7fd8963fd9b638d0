import Foundation

/// The environment a build or digest command runs with: Gantry's own, minus git's repository pointers.
///
/// A post-receive hook runs with `GIT_DIR=.` (and, in some git versions and hooks, an object
/// quarantine). Inherited by a build that runs in a tree export, they point git at the wrong
/// folder: `git init && git add -A` fails with "must be run in a work tree", and a `git` call
/// could read or write the pushed-to repository. A build is reproducible from its commit alone,
/// so it sees none of them.
enum BuildEnvironment {
    /// Variables that tell git (and libgit2) which repository, index or object store to use.
    static let repositoryVariables: Set<String> = [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_QUARANTINE_PATH", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX", "GIT_PUSH_OPTION_COUNT",
    ]

    /// `environment` without git's repository pointers (and push options).
    static func clean(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        environment.filter { !repositoryVariables.contains($0.key) && !$0.key.hasPrefix("GIT_PUSH_OPTION_") }
    }
}
