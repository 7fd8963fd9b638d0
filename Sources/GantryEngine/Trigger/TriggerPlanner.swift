import Foundation
import GantryGit
import GantryModel

/// What one environment of a pipeline listens to: the only facts a push is matched against.
///
/// Routes are small on purpose: the trigger index keeps them between pushes, so a push that maps
/// to nothing is decided without reading a single pipeline file.
public struct TriggerRoute: Sendable, Hashable {
    public var pipeline: String
    public var environment: String
    /// The repository the pipeline builds from, as an absolute path (not yet canonical).
    public var repository: String
    /// A push to this branch builds and deploys here.
    public var branch: String?
    /// A pushed tag matching this glob promotes here.
    public var tags: String?

    public init(pipeline: String, environment: String, repository: String, branch: String?, tags: String?) {
        self.pipeline = pipeline
        self.environment = environment
        self.repository = repository
        self.branch = branch
        self.tags = tags
    }

    /// The routes of `pipeline`: one per environment with a `branch` or `tags`.
    ///
    /// - Parameter currentDirectory: What a relative repository or project root is relative to.
    public static func routes(of pipeline: Pipeline, currentDirectory: String) -> [TriggerRoute] {
        let repository = PathText.join(currentDirectory, pipeline.repository ?? pipeline.projectRoot)
        return pipeline.environments.compactMap { env in
            guard env.branch != nil || env.tags != nil else { return nil }
            return TriggerRoute(pipeline: pipeline.name, environment: env.name, repository: repository,
                                branch: env.branch, tags: env.tags)
        }
    }
}

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
        let folder = FileManager.default.currentDirectoryPath
        return actions(for: updates, routes: pipelines.flatMap { TriggerRoute.routes(of: $0, currentDirectory: folder) },
                       repositoryPath: repositoryPath)
    }

    /// The actions for `updates` pushed into the repository at `repositoryPath`, given every route.
    ///
    /// Routes of other repositories are ignored; deletions and refs outside heads and tags never deploy.
    public static func actions(for updates: [RefUpdate], routes: [TriggerRoute], repositoryPath: String) -> [Action] {
        let mine = self.routes(routes, ofRepository: repositoryPath)
        var actions: [Action] = []
        for update in updates where !update.isDeletion {
            for route in mine {
                switch update.kind {
                case .branch where route.branch == update.shortName:
                    actions.append(Action(pipeline: route.pipeline, environment: route.environment,
                                          kind: .buildAndDeploy(branch: update.shortName), newSha: update.newSha))
                case .tag where route.tags.map { Glob.matches(update.shortName, pattern: $0) } ?? false:
                    actions.append(Action(pipeline: route.pipeline, environment: route.environment,
                                          kind: .promoteTag(tag: update.shortName), newSha: update.newSha))
                default:
                    break
                }
            }
        }
        return actions
    }

    /// The routes whose repository is the one at `repositoryPath` (a bare repository, a work
    /// tree or its `.git` folder; paths compare after resolving symlinks).
    public static func routes(_ routes: [TriggerRoute], ofRepository repositoryPath: String) -> [TriggerRoute] {
        let here = canonical(repositoryPath)
        var repositoryIsHere: [String: Bool] = [:]
        return routes.filter { route in
            if let known = repositoryIsHere[route.repository] { return known }
            let theirs = route.repository
            let answer = canonical(theirs) == here || canonical(theirs + "/.git") == here
            repositoryIsHere[theirs] = answer
            return answer
        }
    }

    /// The real path of a folder, so `../shop.git`, a symlink and an absolute path compare equal.
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return PathText.normalize(path) }
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
