import Foundation
import GantryModel

/// The environment a build or digest command runs with: Gantry's own, minus git's repository
/// pointers and minus every secret, plus only the secrets the command itself references.
///
/// A post-receive hook runs with `GIT_DIR=.` (and, in some git versions and hooks, an object
/// quarantine). Inherited by a build that runs in a tree export, they point git at the wrong
/// folder: `git init && git add -A` fails with "must be run in a work tree", and a `git` call
/// could read or write the pushed-to repository. A build is reproducible from its commit alone,
/// so it sees none of them.
///
/// Whoever can push to a mapped branch chooses the build's code, so a build never sees
/// `GANTRY_SECRET_*` (every environment's secrets, production's included) nor the SSH key's
/// passphrase. The secrets `build:` (or `digest:`) references reach it as
/// `GANTRY_BUILD_SECRET_<NAME>` variables, which the rendered command names instead of holding
/// the values: the `sh -c` command line, visible to every local user in `ps`, carries no secret.
enum BuildEnvironment {
    /// The prefix of the variables that carry referenced secrets into a build.
    static let secretPrefix = "GANTRY_BUILD_SECRET_"

    /// Variables that tell git (and libgit2) which repository, index or object store to use.
    static let repositoryVariables: Set<String> = [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_QUARANTINE_PATH", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX", "GIT_PUSH_OPTION_COUNT",
    ]

    /// Gantry's own credentials, never handed to a build.
    static let credentialVariables: Set<String> = ["GANTRY_SSH_PASSPHRASE"]

    /// `environment` without git's repository pointers, push options, secrets and credentials.
    static func clean(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        environment.filter { key, _ in
            !repositoryVariables.contains(key) && !credentialVariables.contains(key) && !key.hasPrefix("GIT_PUSH_OPTION_")
                && !key.hasPrefix("GANTRY_SECRET_") && !key.hasPrefix(secretPrefix)
        }
    }

    /// ``clean(_:)`` plus `GANTRY_BUILD_SECRET_<NAME>` for each secret `template` references.
    static func forCommand(_ template: Template, secrets: [String: String],
                           base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var environment = clean(base)
        for name in secretNames(in: template) {
            if let value = secrets[name] { environment[secretPrefix + name] = value }
        }
        return environment
    }

    /// The secret names a template references, in order, once each.
    static func secretNames(in template: Template?) -> [String] {
        var names: [String] = []
        for case let .secret(name) in template?.references ?? [] where !names.contains(name) { names.append(name) }
        return names
    }
}
