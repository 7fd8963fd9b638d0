import Foundation
import GantryShell
import Testing
import GantryGit
import GantryTestSupport

@Suite struct ConcurrencyTests {
    /// One `GitRepository` shared by several threads: its lock keeps libgit2 to one thread at a time.
    @Test func aSharedRepositoryServesManyThreads() throws {
        let repo = try GitFixture.make()
        let head = try repo.commit("one", files: ["db/1.sql": "x\n"])
        try repo.tag("v1", message: "annotated")
        try repo.tag("v2")
        let git = try GitRepository(path: repo.path)
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<200 {
                let ok = (try? git.commit("v1").sha) == head
                    && (try? git.tags(matching: "v*").count) == 2
                    && (try? git.readFile("db/1.sql", at: "HEAD")) == Array("x\n".utf8)
                if !ok { failures.add() }
            }
        }
        #expect(failures.count == 0)
    }
}

/// A thread-safe counter for failures seen on worker threads.
private final class Failures: Sendable {
    private let value = Locked(0)
    func add() { value.withLock { $0 += 1 } }
    var count: Int { value.current }
}
