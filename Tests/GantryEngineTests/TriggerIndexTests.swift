import Foundation
@testable import GantryEngine
import GantryGit
import GantryModel
import GantryTestSupport
import Testing

/// The trigger index: what it records, when it is current, and that it never outlives a change.
/// Real files in temporary folders; the planner's route matching with real folders and symlinks.
struct TriggerIndexTests {
    /// A project: `repo/` (the repository folder), `pipelines/shop.yml` including
    /// `templates/base.yml` and rendering `templates/app.env`.
    final class Project {
        let root: TemporaryDirectory
        var folder: String { root.path + "/pipelines" }
        var pipelineFile: String { folder + "/shop.yml" }
        var include: String { root.path + "/templates/base.yml" }
        var fileTemplate: String { root.path + "/templates/app.env" }
        var repository: String { root.path + "/repo" }

        init(branch: String = "main") throws {
            root = try TemporaryDirectory(prefix: "gantry-trigger-index")
            for folder in [folder, root.path + "/templates", repository] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            try write(include, "vars:\n  PORT: \"3000\"\n")
            try write(fileTemplate, "PORT=${vars.PORT}\n")
            try write(pipelineFile, pipeline(branch: branch))
        }

        func pipeline(branch: String, name: String = "shop") -> String {
            """
            version: 1
            name: \(name)
            include: [../templates/base.yml]
            repository: repo
            hosts:
              web-1: { address: 127.0.0.1 }
            environments:
              development: { branch: \(branch), hosts: [web-1] }
              staging: { from: development, tags: "v*", hosts: [web-1] }
              production: { from: staging, hosts: [web-1] }
            steps:
              - name: env
                file: { template: templates/app.env, to: /srv/app.env }

            """
        }

        func write(_ path: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }

        func load() throws -> PipelineSet { try PipelineSet.load(directory: folder) }

        func index() throws -> TriggerIndex {
            let index = TriggerIndex(set: try load(), currentDirectory: "/")
            return try #require(index)
        }
    }

    static func update(_ ref: String, new: String = "2222222222222222222222222222222222222222") -> RefUpdate {
        RefUpdate(oldSha: "1111111111111111111111111111111111111111", newSha: new, refName: ref)
    }

    // MARK: What the index records

    @Test func recordsEveryFileReadAndEveryRoute() throws {
        let project = try Project()
        let index = try project.index()
        #expect(index.folder == project.folder)
        #expect(index.listing == ["shop.yml"])
        #expect(Set(index.inputs.map(\.path)) == [project.pipelineFile, project.include, project.fileTemplate])
        #expect(index.inputs.allSatisfy { $0.sha256.count == 64 })
        #expect(index.routes == [
            TriggerRoute(pipeline: "shop", environment: "development", repository: project.repository,
                         branch: "main", tags: nil),
            TriggerRoute(pipeline: "shop", environment: "staging", repository: project.repository,
                         branch: nil, tags: "v*"),
        ])
        #expect(index.isCurrent(folder: project.folder))
    }

    @Test func noIndexWhileAPipelineDoesNotValidate() throws {
        let project = try Project()
        try project.write(project.folder + "/broken.yml", "version: 1\nenvironments: [\n")
        #expect(TriggerIndex(set: try project.load(), currentDirectory: "/") == nil)
        try project.write(project.folder + "/broken.yml", project.pipeline(branch: "main"))   // a duplicate name
        #expect(TriggerIndex(set: try project.load(), currentDirectory: "/") == nil)
    }

    @Test func encodingRoundTripsAwkwardPathsAndAbsentValues() throws {
        let index = TriggerIndex(
            binary: "1:2:3:4.5", folder: "/srv/ops\tpipes\\x",
            listing: ["a.yml", "new\nline.yml"],
            inputs: [.init(path: "/srv/ops\tpipes\\x/a.yml", sha256: String(repeating: "a", count: 64))],
            routes: [
                TriggerRoute(pipeline: "p", environment: "dev", repository: "/srv/r\\t", branch: "-", tags: nil),
                TriggerRoute(pipeline: "p", environment: "stage", repository: "/srv/r", branch: nil, tags: "=v*"),
            ])
        let decoded = TriggerIndex(decoding: index.encoded())
        #expect(decoded == index)
    }

    @Test func anythingButAnIndexIsNoIndex() throws {
        let good = try Project().index().encoded()
        let text = String(decoding: good, as: UTF8.self)
        let bad: [String] = [
            "",
            "gantry-trigger-index 2\n" + text.split(separator: "\n", maxSplits: 1)[1],
            String(text.dropLast()),                                  // cut short: no final newline
            text + "surprise\tfield\n",                               // an unknown record
            text.replacingOccurrences(of: "\t=main", with: "\tmain"), // an optional without its marker
            text.replacingOccurrences(of: "folder\t", with: "folder\tx\t"),
        ]
        for bytes in bad {
            #expect(TriggerIndex(decoding: Array(bytes.utf8)) == nil, "\(bytes)")
        }
        #expect(TriggerIndex(decoding: [0xff, 0xfe, 0x0a]) == nil)
        #expect(TriggerIndex(decoding: good) != nil)
    }

    // MARK: When it stops being current

    @Test func anEditWithTheSameSizeAndTimestampMakesItStale() throws {
        let project = try Project(branch: "main")
        let index = try project.index()
        var before = stat()
        #expect(stat(project.pipelineFile, &before) == 0)
        // Same length, and the modification time put back: only the content tells.
        try project.write(project.pipelineFile, project.pipeline(branch: "dev1"))
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, project.pipelineFile, &times, 0) == 0)
        var after = stat()
        #expect(stat(project.pipelineFile, &after) == 0)
        #expect(after.st_size == before.st_size && after.st_mtim.tv_sec == before.st_mtim.tv_sec
                && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
        #expect(!index.isCurrent(folder: project.folder))
        #expect(try project.index().routes.first?.branch == "dev1")
    }

    @Test func editsToIncludesAndFileTemplatesMakeItStale() throws {
        for file in [\Project.include, \Project.fileTemplate] {
            let project = try Project()
            let index = try project.index()
            let path = project[keyPath: file]
            try project.write(path, (try String(contentsOfFile: path, encoding: .utf8)) + "# changed\n")
            #expect(!index.isCurrent(folder: project.folder), "\(path)")
        }
    }

    @Test func newRemovedAndRenamedPipelineFilesMakeItStale() throws {
        let project = try Project()
        let index = try project.index()
        try project.write(project.folder + "/other.yml", project.pipeline(branch: "feature", name: "other"))
        #expect(!index.isCurrent(folder: project.folder))
        try FileManager.default.removeItem(atPath: project.folder + "/other.yml")
        #expect(index.isCurrent(folder: project.folder))
        try FileManager.default.moveItem(atPath: project.pipelineFile, toPath: project.folder + "/moved.yml")
        #expect(!index.isCurrent(folder: project.folder))
        try FileManager.default.removeItem(atPath: project.folder + "/moved.yml")
        #expect(!index.isCurrent(folder: project.folder))
    }

    @Test func filesThatAreNotPipelinesDoNotMatter() throws {
        let project = try Project()
        let index = try project.index()
        try project.write(project.folder + "/.hidden.yml", "not: read")
        try project.write(project.folder + "/README.md", "notes")
        #expect(index.isCurrent(folder: project.folder))
    }

    @Test func anotherFolderOrAnotherBinaryIsNeverCurrent() throws {
        let project = try Project()
        let index = try project.index()
        #expect(!index.isCurrent(folder: project.root.path + "/elsewhere"))
        var rebuilt = index
        rebuilt.binary = "0:0:0:0.0"
        #expect(!rebuilt.isCurrent(folder: project.folder))
        #expect(index.isCurrent(folder: project.folder))
        try FileManager.default.removeItem(atPath: project.folder)
        #expect(!index.isCurrent(folder: project.folder))
    }

    @Test func bytesChangedAfterLoadingMakeANewIndexStaleNotWrong() throws {
        // The loader parsed the old bytes; the file changed before the index was made. The index
        // must describe what was parsed, so it is stale at once instead of trusted forever.
        let project = try Project(branch: "main")
        let set = try project.load()
        try project.write(project.pipelineFile, project.pipeline(branch: "feature-x"))
        let index = try #require(TriggerIndex(set: set, currentDirectory: "/"))
        #expect(index.routes.first?.branch == "main")
        #expect(!index.isCurrent(folder: project.folder))
    }

    @Test func writtenAndReadBackWithGroupPermissions() throws {
        let project = try Project()
        let index = try project.index()
        let path = TriggerIndex.path(forPipelines: project.folder, statePath: project.root.path + "/state/state.db")
        #expect(path.hasPrefix(project.root.path + "/state/trigger-index-"))
        #expect(TriggerIndex.path(forPipelines: project.folder + "2", statePath: project.root.path + "/state/state.db") != path)
        #expect(throws: (any Error).self) { try index.write(to: path) }   // the state folder does not exist
        try FileManager.default.createDirectory(atPath: project.root.path + "/state", withIntermediateDirectories: true)
        try index.write(to: path)
        #expect(TriggerIndex.stored(at: path) == index)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.root.path + "/state")
        #expect(leftovers.count == 1)
    }

    // MARK: Planning from routes

    @Test func branchesAndTagGlobsOfThisRepositoryOnly() throws {
        let project = try Project()
        let routes = try project.index().routes + [
            TriggerRoute(pipeline: "other", environment: "development", repository: project.root.path + "/else",
                         branch: "main", tags: "v*"),
        ]
        let link = project.root.path + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: project.repository)
        for here in [project.repository, link, project.repository + "/", project.root.path + "/pipelines/../repo"] {
            let main = TriggerPlanner.actions(for: [Self.update("refs/heads/main")], routes: routes, repositoryPath: here)
            #expect(main == [TriggerPlanner.Action(pipeline: "shop", environment: "development",
                                                   kind: .buildAndDeploy(branch: "main"),
                                                   newSha: "2222222222222222222222222222222222222222")], "\(here)")
        }
        let tag = TriggerPlanner.actions(for: [Self.update("refs/tags/v1.2")], routes: routes,
                                         repositoryPath: project.repository)
        #expect(tag.map(\.environment) == ["staging"])
        #expect(tag.first?.kind == .promoteTag(tag: "v1.2"))
        let nothing: [RefUpdate] = [
            Self.update("refs/heads/feature"), Self.update("refs/tags/release-1"), Self.update("refs/notes/main"),
            Self.update("refs/heads/main", new: String(repeating: "0", count: 40)),   // a deletion
        ]
        #expect(TriggerPlanner.actions(for: nothing, routes: routes, repositoryPath: project.repository).isEmpty)
        #expect(TriggerPlanner.actions(for: [Self.update("refs/heads/main")], routes: routes,
                                       repositoryPath: project.root.path).isEmpty)
    }

    @Test func aRepositoryWithAWorkTreeMatchesItsGitFolder() throws {
        let project = try Project()
        try FileManager.default.createDirectory(atPath: project.repository + "/.git", withIntermediateDirectories: true)
        let actions = TriggerPlanner.actions(for: [Self.update("refs/heads/main")], routes: try project.index().routes,
                                             repositoryPath: project.repository + "/.git")
        #expect(actions.map(\.environment) == ["development"])
    }
}
