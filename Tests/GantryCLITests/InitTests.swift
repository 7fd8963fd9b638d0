import Foundation
import Testing
import GantryTestSupport

/// `gantry init`: a project that validates, written without overwriting anything.
@Suite struct InitTests {
    func run(_ arguments: [String], in directory: String) throws -> GantryBinary.Result {
        try GantryBinary.run(arguments, in: URL(fileURLWithPath: directory))
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func anEmptyFolderGetsAPipelineThatValidatesNamedAfterTheFolder() throws {
        let root = try TemporaryDirectory()
        let project = root.path + "/My Shop!"
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        let first = try run(["init"], in: project)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == """
            created pipelines/my-shop.yml
            created templates/files/app.env
            created .gitignore (ignores .gantry/)
            next: put your hosts in the pipeline, then `gantry validate` and `gantry plan my-shop development`

            """)
        let validated = try run(["validate"], in: project)
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stdout.contains("pipelines/my-shop.yml (my-shop)"))
        let pipeline = try read(project + "/pipelines/my-shop.yml")
        #expect(pipeline.contains("releases: { path: \"${vars.APP}/releases\", keep: 5 }"))
        #expect(pipeline.contains("APP: /srv/my-shop"))
        #expect(try read(project + "/.gitignore") == "# Gantry's state: the SQLite store and kept artifact files\n.gantry/\n")
        let plan = try run(["plan", "my-shop", "production"], in: project)
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("Path: development → staging → production"))
        let planJSON = try run(["plan", "my-shop", "production", "--json"], in: project)
        let report = try JSONSerialization.jsonObject(with: Data(planJSON.stdout.utf8)) as? [String: Any]
        #expect(report?["evaluation_note"] as? String == "not evaluated: no state store at .gantry/state.db yet")
        #expect((report?["gates"] as? [[String: Any]])?.allSatisfy { $0["evaluated"] as? Bool == false } == true)
        #expect(report?["evaluation"] == nil)

        // A second run writes nothing, changes nothing, and says so.
        try "# mine\n".write(toFile: project + "/templates/files/app.env", atomically: true, encoding: .utf8)
        let again = try run(["init"], in: project)
        #expect(again.status == 3)
        #expect(again.stdout.contains("kept    pipelines/my-shop.yml (exists; not overwritten)"))
        #expect(again.stdout.contains("kept    .gitignore (already ignores .gantry/)"))
        #expect(again.stderr.contains("gantry: init wrote nothing: every file already exists (it never overwrites)"))
        #expect(try read(project + "/templates/files/app.env") == "# mine\n")
        #expect(try read(project + "/pipelines/my-shop.yml") == pipeline)
    }

    @Test func anAppRepositoryKeepsItsFilesAndItsGitignoreGetsOneLine() throws {
        let repo = try GitFixture.make()
        try repo.write(".gitignore", "node_modules")   // no newline at the end
        try repo.write("pipelines/web.yml", "# someone's own pipeline\n")
        let result = try run(["init", "--name", "web", "--json"], in: repo.path)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(report?["pipeline"] as? String == "web")
        #expect(report?["created"] as? [String] == ["templates/files/app.env"])
        #expect(report?["kept"] as? [String] == ["pipelines/web.yml"])
        #expect(report?["gitignore"] as? String == "appended")
        #expect(try read(repo.path + "/.gitignore") == "node_modules\n# Gantry's state: the SQLite store and kept artifact files\n.gantry/\n")
        #expect(try read(repo.path + "/pipelines/web.yml") == "# someone's own pipeline\n")

        // A second pipeline: .gitignore already has the line, it is not added twice.
        let second = try run(["init", "--name", "api"], in: repo.path)
        #expect(second.status == 0)
        #expect(second.stdout.contains("created pipelines/api.yml"))
        #expect(second.stdout.contains("kept    .gitignore (already ignores .gantry/)"))
        #expect(try read(repo.path + "/.gitignore").components(separatedBy: ".gantry/").count == 2)

        // The generated build works on a commit of the repository: a tarball Gantry keeps.
        try repo.write("pipelines/web.yml", try read(repo.path + "/pipelines/api.yml").replacingOccurrences(of: "api", with: "web"))
        _ = try repo.commit("Deploy with Gantry")
        let build = try run(["build", "web", "--json"], in: repo.path)
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        let artifact = try JSONSerialization.jsonObject(with: Data(build.stdout.utf8)) as? [String: Any]
        #expect((artifact?["digest"] as? String)?.hasPrefix("sha256:") == true)
    }

    @Test func anotherPipelinesFolderPutsTheProjectBesideIt() throws {
        let root = try TemporaryDirectory()
        let result = try run(["--pipelines", "deploy/pipelines", "init", "--name", "shop"], in: root.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: root.path + "/deploy/pipelines/shop.yml"))
        #expect(FileManager.default.fileExists(atPath: root.path + "/deploy/templates/files/app.env"))
        #expect(FileManager.default.fileExists(atPath: root.path + "/deploy/.gitignore"))
        #expect(try run(["validate", "--pipelines", "deploy/pipelines"], in: root.path).status == 0)
    }

    @Test func aNameThatCannotBeAPathIsRefused() throws {
        let root = try TemporaryDirectory()
        let result = try run(["init", "--name", "../etc"], in: root.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("'../etc' cannot name a pipeline made by init: use lower-case letters, digits, '-' and '_'"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
    }
}
