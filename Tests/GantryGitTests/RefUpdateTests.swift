import Testing
import GantryGit

@Suite struct RefUpdateTests {
    let zero = String(repeating: "0", count: 40)
    let a = String(repeating: "a", count: 40)
    let b = "0123456789abcdef0123456789abcdef01234567"

    @Test func branchUpdate() throws {
        let update = try RefUpdate(line: "\(a) \(b) refs/heads/main\n")
        #expect(update.oldSha == a)
        #expect(update.newSha == b)
        #expect(update.kind == .branch)
        #expect(update.shortName == "main")
        #expect(update.isCreation == false)
        #expect(update.isDeletion == false)
    }

    @Test func tagCreationAndBranchDeletion() throws {
        let updates = try RefUpdate.parseAll("\(zero) \(b) refs/tags/v1.2\n\(a) \(zero) refs/heads/feature/x\n\n")
        #expect(updates.count == 2)
        #expect(updates[0].kind == .tag)
        #expect(updates[0].shortName == "v1.2")
        #expect(updates[0].isCreation)
        #expect(updates[1].kind == .branch)
        #expect(updates[1].shortName == "feature/x")
        #expect(updates[1].isDeletion)
    }

    @Test func otherRefsKeepTheirFullName() throws {
        let update = try RefUpdate(line: "\(a) \(b) refs/notes/commits")
        #expect(update.kind == .other)
        #expect(update.shortName == "refs/notes/commits")
    }

    @Test func shellSyntaxInARefNameIsPlainData() throws {
        let update = try RefUpdate(line: "\(a) \(b) refs/heads/$(reboot)`id`;x&&y")
        #expect(update.shortName == "$(reboot)`id`;x&&y")
        #expect(update.kind == .branch)
    }

    @Test(arguments: [
        "",
        "\(String(repeating: "a", count: 40)) refs/heads/main",
        "xyz \(String(repeating: "b", count: 40)) refs/heads/main",
        "\(String(repeating: "a", count: 40))  \(String(repeating: "b", count: 40)) refs/heads/main",
        "\(String(repeating: "a", count: 40)) \(String(repeating: "b", count: 40)) main",
        "\(String(repeating: "0", count: 40)) \(String(repeating: "0", count: 40)) refs/heads/main",
        "\(String(repeating: "a", count: 40)) \(String(repeating: "b", count: 40)) refs/heads/a b",
    ])
    func malformedLinesAreRejected(line: String) {
        let error = #expect(throws: GitError.self) { try RefUpdate(line: line) }
        #expect(error?.kind == .malformedRefUpdate)
        #expect(error?.message.contains("malformed ref update") == true)
    }

    @Test func parseAllNamesTheBadLine() {
        let input = "\(a) \(b) refs/heads/main\ngarbage\n"
        let error = #expect(throws: GitError.self) { try RefUpdate.parseAll(input) }
        #expect(error?.message.hasPrefix("line 2:") == true)
    }

    @Test func invalidUTF8IsRepairedNotRejected() throws {
        let bytes = Array("\(a) \(b) refs/tags/v".utf8) + [0xFF] + Array("\n".utf8)
        let updates = try RefUpdate.parseAll(bytes: bytes)
        #expect(updates.map(\.shortName) == ["v\u{FFFD}"])
    }

    @Test func parsingIsFast() throws {
        let input = (0..<10_000).map { "\(a) \(b) refs/tags/v\($0)" }.joined(separator: "\n")
        var parsed: [RefUpdate] = []
        let elapsed = try ContinuousClock().measure { parsed = try RefUpdate.parseAll(input) }
        #expect(parsed.count == 10_000)
        #expect(elapsed < .seconds(2))
    }
}
