import Testing
import GantryGit
import GantryTestSupport

@Suite struct TreeReadingTests {
    @Test func fileAtAnOlderCommitHasItsOldContent() throws {
        let repo = try GitFixture.make()
        let old = try repo.commit("one", files: ["db/migrations/001_init.sql": "create table a;\n"])
        try repo.commit("two", files: ["db/migrations/001_init.sql": "create table b;\n"])
        try repo.write("db/migrations/001_init.sql", "uncommitted\n")
        let git = try GitRepository(path: repo.path)
        #expect(try git.readFile("db/migrations/001_init.sql", at: old) == Array("create table a;\n".utf8))
        #expect(try git.readFile("db/migrations/001_init.sql", at: "main") == Array("create table b;\n".utf8))
    }

    @Test func folderAtACommitListsNamesKindsAndIds() throws {
        let repo = try GitFixture.make()
        try repo.write("db/migrations/002_users.sql", "create table users;\n")
        try repo.write("db/migrations/001_init.sql", "create table a;\n")
        try repo.write("db/migrations/run.sh", "#!/bin/sh\n", executable: true)
        try repo.write("db/migrations/archive/000.sql", "old\n")
        try repo.symlink("db/migrations/latest", to: "002_users.sql")
        let head = try repo.commit("migrations")
        try repo.commit("later", files: ["db/migrations/003_more.sql": "x\n"])
        let git = try GitRepository(path: repo.path)

        let entries = try git.listFolder("db/migrations", at: head)
        #expect(entries.map(\.name) == ["001_init.sql", "002_users.sql", "archive", "latest", "run.sh"])
        #expect(entries.map(\.kind) == [.file, .file, .folder, .symlink, .executable])
        #expect(entries[0].path == "db/migrations/001_init.sql")
        #expect(entries[0].objectSha == (try repo.sha("\(head):db/migrations/001_init.sql")))

        let files = try git.files(in: "db/migrations/", at: head)
        #expect(files.map(\.name) == ["001_init.sql", "002_users.sql", "run.sh"])
        #expect(files[1].contents == Array("create table users;\n".utf8))
        #expect(try git.listFolder("", at: head).map(\.name) == ["db"])
    }

    @Test func missingPathsAndWrongKindsAreClearErrors() throws {
        let repo = try GitFixture.make()
        let head = try repo.commit("one", files: ["db/schema.sql": "x\n"])
        let git = try GitRepository(path: repo.path)
        let missingFile = #expect(throws: GitError.self) { try git.readFile("db/nope.sql", at: head) }
        #expect(missingFile?.kind == .notFound)
        #expect(missingFile?.message.contains("db/nope.sql") == true)
        let missingFolder = #expect(throws: GitError.self) { try git.listFolder("db/migrations", at: head) }
        #expect(missingFolder?.kind == .notFound)
        let folderAsFile = #expect(throws: GitError.self) { try git.readFile("db", at: head) }
        #expect(folderAsFile?.kind == .wrongType)
        let fileAsFolder = #expect(throws: GitError.self) { try git.listFolder("db/schema.sql", at: head) }
        #expect(fileAsFolder?.kind == .wrongType)
    }
}
