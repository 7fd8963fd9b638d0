import Foundation
import GantryTestSupport
import Testing

/// `gantry trigger` answering "nothing to do" from the trigger index, and stepping aside for the
/// full command whenever it is not sure. The real binary, real files, a real push for the case
/// where a changed pipeline must deploy.
@Suite(.serialized) struct TriggerShortcutTests {
    static let zero = String(repeating: "0", count: 40)
    static let old = String(repeating: "1", count: 40)
    static let new = String(repeating: "2", count: 40)
    static let fromIndex = "(pipelines unchanged since they were indexed)"

    /// `gantry trigger -v` fed `lines` as a hook would feed them, with `GIT_DIR` the fixture's bare repository.
    static func trigger(_ f: PushFixture, _ lines: [String], arguments: [String]? = nil) throws -> GantryBinary.Result {
        try GantryBinary.run(arguments ?? ["trigger", "-v", "--pipelines", f.pipelinesDirectory, "--state", f.statePath],
                             environment: ["GIT_DIR": f.bare.path],
                             stdin: Data(lines.map { $0 + "\n" }.joined().utf8))
    }

    static func indexFiles(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("trigger-index-") }
    }

    @Test func unmappedPushesAreAnsweredFromTheIndexUntilAPipelineChanges() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        let opsFolder = f.root.path + "/ops"
        let feature = ["\(Self.old) \(Self.new) refs/heads/feature-x"]

        // The first push loads the pipelines and writes the index; the state itself is not created.
        let first = try Self.trigger(f, feature)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("no environment follows these refs") && !first.stdout.contains(Self.fromIndex))
        #expect(Self.indexFiles(in: opsFolder).count == 1)
        #expect(!FileManager.default.fileExists(atPath: f.statePath))

        let second = try Self.trigger(f, feature)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains(Self.fromIndex), "\(second.stdout)")

        // Development now follows feature-x: the index is stale, and a real push deploys.
        try f.writePipeline("shop", f.standardPipeline().replacingOccurrences(of: "branch: main", with: "branch: feature-x"))
        #expect(try f.installHook().status == 0)
        try f.clone.git("checkout", "-q", "-b", "feature-x")
        let sha = try f.clone.commit("feature", files: ["app.txt": "wip\n"])
        let push = try f.push("feature-x")
        #expect(push.status == 0)
        #expect(f.deployed(on: "dev-1") == String(sha.prefix(7)), "\(push.stderr)")
        #expect(f.buildsRun == 1)

        // The index was refreshed on the way: main maps to nothing now, decided from it.
        let main = try Self.trigger(f, ["\(Self.old) \(Self.new) refs/heads/main"])
        #expect(main.status == 0, "\(main.stderr)")
        #expect(main.stdout.contains(Self.fromIndex), "\(main.stdout)")
        #expect(Self.indexFiles(in: opsFolder).count == 1)
    }

    @Test func aPushThatMapsToSomethingAlwaysReachesTheFullCommand() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        #expect(try Self.trigger(f, ["\(Self.old) \(Self.new) refs/heads/feature-x"]).status == 0)
        #expect(Self.indexFiles(in: f.root.path + "/ops").count == 1)

        // A tag matching staging's glob: the index is current, but only the full command may act.
        // The pushed object does not exist, so the promotion is reported as a problem of that action.
        let tag = try Self.trigger(f, ["\(Self.zero) \(Self.new) refs/tags/v1.0"])
        #expect(!tag.stdout.contains("no environment follows"), "\(tag.stdout)")
        #expect((tag.stdout + tag.stderr).contains("staging"), "\(tag.stdout)\(tag.stderr)")
    }

    @Test func withoutAStateFolderNothingIsWrittenAndEveryPushLoadsThePipelines() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        let missing = f.root.path + "/nowhere/state.db"
        let arguments = ["trigger", "-v", "--pipelines", f.pipelinesDirectory, "--state", missing]
        for _ in 0..<2 {
            let result = try Self.trigger(f, ["\(Self.old) \(Self.new) refs/heads/feature-x"], arguments: arguments)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("no environment follows") && !result.stdout.contains(Self.fromIndex))
        }
        #expect(!FileManager.default.fileExists(atPath: f.root.path + "/nowhere"))
    }

    @Test func aBrokenPipelineIsReportedOnEveryPush() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        try f.writePipeline("broken", "version: 1\nenvironments: { development: { branch: main, hosts: [nope] } }\n")
        for _ in 0..<2 {
            let result = try Self.trigger(f, ["\(Self.old) \(Self.new) refs/heads/feature-x"])
            #expect(result.status == 0)
            #expect(result.stderr.contains("broken.yml does not validate"), "\(result.stderr)")
        }
        #expect(Self.indexFiles(in: f.root.path + "/ops").isEmpty)
    }

    @Test func aDamagedIndexIsIgnoredAndReplaced() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        let ops = f.root.path + "/ops"
        #expect(try Self.trigger(f, ["\(Self.old) \(Self.new) refs/heads/feature-x"]).status == 0)
        let name = try #require(Self.indexFiles(in: ops).first)
        let good = try Data(contentsOf: URL(fileURLWithPath: ops + "/" + name))
        // An index that claims the folder has no routes at all, with the hashes of other files.
        var forgedLines: [String] = []
        for line in String(decoding: good, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("route") {
            let fields = line.split(separator: "\t").map(String.init)
            let otherHash = String(repeating: "0", count: 64)
            forgedLines.append(fields[0] == "input" ? ["input", otherHash, fields[2]].joined(separator: "\t") : String(line))
        }
        let forged = forgedLines.joined(separator: "\n") + "\n"
        for damaged in [Data("garbage\n".utf8), Data(), Data(forged.utf8)] {
            try damaged.write(to: URL(fileURLWithPath: ops + "/" + name))
            let result = try Self.trigger(f, ["\(Self.old) \(Self.new) refs/heads/feature-x"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stdout.contains(Self.fromIndex))
            #expect(try Data(contentsOf: URL(fileURLWithPath: ops + "/" + name)) == good)
        }
    }

    @Test func argumentsAndInputTheShortcutDoesNotKnowGoToTheFullCommand() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        let feature = ["\(Self.old) \(Self.new) refs/heads/feature-x"]
        #expect(try Self.trigger(f, feature).status == 0)

        // Both spellings of the options, and global options before the verb.
        for arguments in [
            ["trigger", "--verbose", "--pipelines=\(f.pipelinesDirectory)", "--state=\(f.statePath)"],
            ["-v", "--pipelines", f.pipelinesDirectory, "trigger", "--no-color", "--state", f.statePath],
        ] {
            let result = try Self.trigger(f, feature, arguments: arguments)
            #expect(result.status == 0, "\(arguments) \(result.stderr)")
            #expect(result.stdout.contains(Self.fromIndex), "\(arguments) \(result.stdout)")
        }

        // Relative paths name the same folder and store: the index written above is found.
        let relative = try GantryBinary.run(["trigger", "-v", "--pipelines", "./pipelines/", "--state", "state.db"],
                                            in: URL(fileURLWithPath: f.root.path + "/ops"),
                                            environment: ["GIT_DIR": f.bare.path],
                                            stdin: Data((feature[0] + "\n").utf8))
        #expect(relative.status == 0, "\(relative.stderr)")
        #expect(relative.stdout.contains(Self.fromIndex), "\(relative.stdout)")

        let unknown = try Self.trigger(f, feature, arguments: ["trigger", "--bogus", "--pipelines", f.pipelinesDirectory,
                                                               "--state", f.statePath])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--bogus"), "\(unknown.stderr)")

        let help = try Self.trigger(f, feature, arguments: ["trigger", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Hook entry"), "\(help.stdout)")

        let malformed = try Self.trigger(f, ["not a ref update"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("gantry trigger:"), "\(malformed.stderr)")

        // Standard input that cannot be read (a folder) is an error of the machine, never "nothing to do".
        let binary = try #require(GantryBinary.url).path
        let unreadable = try ChildProcess.run("/bin/sh", ["-c", "GIT_DIR=\"$1\" \"$2\" trigger --pipelines \"$3\" --state \"$4\" < \"$5\"",
                                                          "sh", f.bare.path, binary, f.pipelinesDirectory, f.statePath, f.root.path])
        #expect(unreadable.status == 4, "\(unreadable.stderr)")
        #expect(unreadable.stderr.contains("cannot read standard input"), "\(unreadable.stderr)")

        let deletions = try Self.trigger(f, ["\(Self.new) \(Self.zero) refs/heads/main"])
        #expect(deletions.status == 0)
        #expect(deletions.stdout.contains("deleted refs never deploy"), "\(deletions.stdout)")
    }
}
