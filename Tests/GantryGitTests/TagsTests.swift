import Foundation
import Testing
import GantryGit
import GantryTestSupport

@Suite struct TagsTests {
    @Test func tagsMatchingAGlobArePeeledAndSorted() throws {
        let repo = try GitFixture.make()
        let first = try repo.commit("one")
        let second = try repo.commit("two")
        try repo.tag("v1.0", at: first)
        try repo.tag("v2.0", at: second, message: "annotated")
        try repo.tag("v2/rc1", at: second)
        try repo.tag("nightly", at: second)
        try repo.git("tag", "vtree", "HEAD^{tree}")
        let git = try GitRepository(path: repo.path)

        let tags = try git.tags(matching: "v*")
        #expect(tags.map(\.name) == ["v1.0", "v2.0", "v2/rc1"])
        #expect(tags.map(\.commitSha) == [first, second, second])
        #expect(tags.map(\.isAnnotated) == [false, true, false])
        #expect(tags[0].refName == "refs/tags/v1.0")
        #expect(try git.tags(matching: "v[12].?").map(\.name) == ["v1.0", "v2.0"])
        #expect(try git.tags().count == 4)
        #expect(try git.tags(matching: "release-*").isEmpty)
    }

    @Test func packedTagsAreListed() throws {
        let repo = try GitFixture.make()
        let head = try repo.commit("one")
        try repo.tag("v1", message: "a")
        try repo.tag("v2")
        try repo.git("pack-refs", "--all")
        let tags = try GitRepository(path: repo.path).tags(matching: "v*")
        #expect(tags.map(\.name) == ["v1", "v2"])
        #expect(tags.allSatisfy { $0.commitSha == head })
    }

    @Test func nonUTF8RefNamesAreDecodedLossily() throws {
        let repo = try GitFixture.make()
        let head = try repo.commit("one")
        // git accepts any byte >= 0x80 in a ref name; write a loose ref with such a name directly.
        let path = Array((repo.gitDirectory + "/refs/tags/v-").utf8) + [0xFF, 0xFE]
        let created = path.map { CChar(bitPattern: $0) } + [0]
        let file = try #require(fopen(created, "w"))
        fputs(head + "\n", file)
        fclose(file)

        let git = try GitRepository(path: repo.path)
        let tags = try git.tags(matching: "v-*")
        #expect(tags.count == 1)
        #expect(tags.first?.name == "v-\u{FFFD}\u{FFFD}")
        #expect(tags.first?.commitSha == head)
    }
}
