import Foundation
import Testing
import GantryGit
import GantryTestSupport

@Suite struct ExportTests {
    @Test func exportWritesTheCommitTreeOnly() throws {
        let repo = try GitFixture.make()
        try repo.write("README.md", "hello\n")
        try repo.write("bin/build", "#!/bin/sh\necho built\n", executable: true)
        try repo.write("src/app/main.swift", "print(1)\n")
        try repo.symlink("current", to: "src/app")
        try repo.write("logs/.keep", "")
        let head = try repo.commit("tree")
        try repo.write("README.md", "changed in the work tree\n")
        try repo.write("untracked.txt", "not committed\n")
        let out = try TemporaryDirectory()
        let target = out.path + "/export"

        let summary = try GitRepository(path: repo.path).exportTree(of: "main", to: target)
        #expect(summary.commit.sha == head)
        #expect(summary.files == 4)
        #expect(summary.symlinks == 1)
        #expect(summary.folders == 4)

        let fm = FileManager.default
        #expect(try String(contentsOfFile: target + "/README.md", encoding: .utf8) == "hello\n")
        #expect(try String(contentsOfFile: target + "/src/app/main.swift", encoding: .utf8) == "print(1)\n")
        #expect(fm.isExecutableFile(atPath: target + "/bin/build"))
        #expect(fm.isExecutableFile(atPath: target + "/README.md") == false)
        #expect((try fm.attributesOfItem(atPath: target + "/README.md")[.posixPermissions] as? Int) == 0o644)
        #expect(try fm.destinationOfSymbolicLink(atPath: target + "/current") == "src/app")
        #expect(fm.fileExists(atPath: target + "/.git") == false)
        #expect(fm.fileExists(atPath: target + "/untracked.txt") == false)
        #expect(try fm.contentsOfDirectory(atPath: target).sorted() == ["README.md", "bin", "current", "logs", "src"])
        #expect((try fm.attributesOfItem(atPath: target + "/logs/.keep")[.size] as? Int) == 0)
    }

    @Test func exportOfAnOlderCommitFromABareRepository() throws {
        let repo = try GitFixture.make()
        let old = try repo.commit("one", files: ["VERSION": "1\n"])
        try repo.commit("two", files: ["VERSION": "2\n", "NEW": "x\n"])
        let bare = try GitFixture.make(bare: true)
        try repo.git("push", "-q", bare.path, "main")
        let out = try TemporaryDirectory()
        try GitRepository(path: bare.path).exportTree(of: old, to: out.path)
        #expect(try String(contentsOfFile: out.path + "/VERSION", encoding: .utf8) == "1\n")
        #expect(FileManager.default.fileExists(atPath: out.path + "/NEW") == false)
    }

    @Test func exportRefusesAFolderThatIsNotEmpty() throws {
        let repo = try GitFixture.make()
        try repo.commit("one", files: ["a": "1\n"])
        let out = try TemporaryDirectory()
        try Data("keep".utf8).write(to: out.url.appendingPathComponent("existing"))
        let error = #expect(throws: GitError.self) { try GitRepository(path: repo.path).exportTree(of: "HEAD", to: out.path) }
        #expect(error?.kind == .invalidArgument)
        #expect(try String(contentsOfFile: out.path + "/existing", encoding: .utf8) == "keep")
    }

    /// Only a hand-made tree has such names (`git mktree` writes them); an export refuses them.
    @Test(arguments: ["..", ".git", ".GIT"])
    func exportRefusesEntriesThatEscapeOrShadowGit(name: String) throws {
        let repo = try GitFixture.make()
        let blob = try repo.gitLine("hash-object", "-w", "--stdin")
        let tree = try GitCLI.git(["mktree"], in: repo.path, stdin: "100644 blob \(blob)\t\(name)\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = try repo.gitLine("commit-tree", tree, "-m", "crafted")
        let out = try TemporaryDirectory()
        let error = #expect(throws: GitError.self) { try GitRepository(path: repo.path).exportTree(of: commit, to: out.path + "/x") }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.message.contains("refusing to export") == true)
        #expect(FileManager.default.fileExists(atPath: out.path + "/.git") == false)
    }
}
