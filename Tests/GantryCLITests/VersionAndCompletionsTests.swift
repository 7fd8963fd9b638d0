import Foundation
import Testing
import GantryTestSupport

/// `gantry --version` and `gantry completions bash|zsh|fish`.
@Suite struct VersionAndCompletionsTests {
    @Test func versionNamesTheReleaseAndTheCommitOfTheBuild() throws {
        let result = try GantryBinary.run(["--version"])
        #expect(result.status == 0)
        let line = result.stdout.trimmingCharacters(in: .newlines)
        let match = try #require(line.wholeMatch(of: /gantry (\d+\.\d+\.\d+) \(commit ([0-9a-f]{12}(?:-dirty)?|unknown)\)/))
        #expect(match.output.1 == "0.1.0")
        // A commit, when the build recorded one, is a commit of this repository.
        let commit = String(match.output.2)
        if commit != "unknown" {
            let sha = String(commit.prefix(12))
            let known = try ChildProcess.run("/usr/bin/git", ["-C", GantryBinary.packageRoot.path, "cat-file", "-e", sha + "^{commit}"])
            #expect(known.status == 0, "\(sha) is not a commit of \(GantryBinary.packageRoot.path)")
        }
    }

    @Test func completionScriptsHaveEachShellsShape() throws {
        let bash = try GantryBinary.run(["completions", "bash"])
        #expect(bash.status == 0)
        #expect(bash.stdout.hasPrefix("#!/bin/bash\n"))
        #expect(bash.stdout.contains("complete -o filenames -F _gantry gantry\n"))
        let zsh = try GantryBinary.run(["completions", "zsh"])
        #expect(zsh.stdout.hasPrefix("#compdef gantry\n"))
        let fish = try GantryBinary.run(["completions", "fish"])
        #expect(fish.stdout.contains("complete -c 'gantry'") || fish.stdout.contains("complete -c gantry"))
        for script in [bash.stdout, zsh.stdout, fish.stdout] {
            for verb in ["approve", "promote", "init", "completions"] { #expect(script.contains(verb)) }
        }
        let unknown = try GantryBinary.run(["completions", "powershell"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Please provide one of 'bash', 'zsh' or 'fish'"))
    }

    @Test func bashCompletesVerbsAndShells() throws {
        let script = try GantryBinary.run(["completions", "bash"]).stdout
        let directory = try TemporaryDirectory()
        let path = directory.path + "/gantry.bash"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        func complete(_ words: [String]) throws -> String {
            let line = words.joined(separator: " ")
            let program = """
                source \(path)
                COMP_WORDS=(\(words.map { "'\($0)'" }.joined(separator: " "))); COMP_CWORD=\(words.count - 1)
                COMP_LINE='\(line)'; COMP_POINT=\(line.count)
                _gantry gantry '\(words.last ?? "")' '\(words.dropLast().last ?? "")'
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = (GantryBinary.url?.deletingLastPathComponent().path ?? "") + ":" + (environment["PATH"] ?? "")
            return try ChildProcess.run("/bin/bash", ["--norc", "-c", program], environment: environment).stdout
        }
        #expect(try complete(["gantry", "ap"]) == "approve\n")
        #expect(try complete(["gantry", "completions", ""]) == "bash\nzsh\nfish\n")
    }
}
