import Foundation
import GantryGit
import GantryModel

/// Decides what a push means, without opening the store or the repository.
///
/// Kept pure and cheap: most pushes map to nothing, and the pusher waits for the hook.
public enum TriggerPlanner {
    /// One thing a push asks for.
    public struct Action: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// A push to an environment's `branch`: build the new commit and deploy it there.
            case buildAndDeploy(branch: String)
            /// A pushed tag matching an environment's `tags`: promote the tagged commit's artifact.
            case promoteTag(tag: String)
        }

        public var pipeline: String
        public var environment: String
        public var kind: Kind
        /// The pushed object (for an annotated tag, the tag object; resolution peels it).
        public var newSha: String
    }

    /// The actions for `updates` pushed into the repository at `repositoryPath`.
    ///
    /// Only pipelines whose repository is that repository are considered; deletions never deploy.
    public static func actions(for updates: [RefUpdate], pipelines: [Pipeline], repositoryPath: String) -> [Action] {
        let here = canonical(repositoryPath)
        let mine = pipelines.filter { pipeline in
            let theirs = pipeline.repository ?? pipeline.projectRoot
            return canonical(theirs) == here || canonical(theirs + "/.git") == here
        }
        var actions: [Action] = []
        for update in updates where !update.isDeletion {
            for pipeline in mine {
                for env in pipeline.environments {
                    switch update.kind {
                    case .branch where env.branch == update.shortName:
                        actions.append(Action(pipeline: pipeline.name, environment: env.name,
                                              kind: .buildAndDeploy(branch: update.shortName), newSha: update.newSha))
                    case .tag where env.tags.map { Glob.matches(update.shortName, pattern: $0) } ?? false:
                        actions.append(Action(pipeline: pipeline.name, environment: env.name,
                                              kind: .promoteTag(tag: update.shortName), newSha: update.newSha))
                    default:
                        break
                    }
                }
            }
        }
        return actions
    }

    /// The real path of a folder, so `../shop.git`, a symlink and an absolute path compare equal.
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return URL(fileURLWithPath: path).standardized.path }
        defer { free(resolved) }
        var text = String(cString: resolved)
        while text.count > 1 && text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

/// fnmatch-style globs for tag patterns (`v*`, `release-?.*`).
enum Glob {
    static func matches(_ text: String, pattern: String) -> Bool {
        fnmatch(pattern, text, 0) == 0
    }
}
