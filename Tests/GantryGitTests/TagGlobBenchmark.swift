import Foundation
import Testing
import GantryGit
import GantryTestSupport

/// Figures for docs/git.md, run by scripts/bench-trigger (GANTRY_BENCH=1); off in normal runs
/// because generating the repository takes seconds.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["GANTRY_BENCH"] == "1", "set GANTRY_BENCH=1 to run"))
struct TagGlobBenchmark {
    static let commits = 200
    static let lightweight = 5_000
    static let annotated = 5_000
    static let others = 1_000

    /// 200 commits; 5,000 lightweight and 5,000 annotated `v*` tags; 1,000 `nightly-*` tags; via fast-import.
    private func generate() throws -> GitFixture {
        let repo = try GitFixture.make(bare: true)
        var stream = ""
        stream.reserveCapacity(2_000_000)
        for index in 1...Self.commits {
            stream += "commit refs/heads/main\nmark :\(index)\ncommitter Ada <ada@example.com> \(1_700_000_000 + index) +0000\n"
            stream += "data 9\ncommit \(String(format: "%02d", index % 100))\n"
            if index > 1 { stream += "from :\(index - 1)\n" }
            stream += "\n"
        }
        for index in 0..<Self.lightweight {
            stream += "reset refs/tags/v1.\(index)\nfrom :\(index % Self.commits + 1)\n\n"
        }
        for index in 0..<Self.annotated {
            stream += "tag v2.\(index)\nfrom :\(index % Self.commits + 1)\ntagger Ada <ada@example.com> 1700000000 +0000\ndata 7\nrelease\n"
        }
        for index in 0..<Self.others {
            stream += "reset refs/tags/nightly-\(index)\nfrom :\(index % Self.commits + 1)\n\n"
        }
        try repo.git("fast-import", "--quiet", stdin: stream)
        return repo
    }

    private func measure(_ label: String, _ repository: GitRepository) throws -> Duration {
        var best = Duration.seconds(1_000)
        for _ in 0..<5 {
            let elapsed = try ContinuousClock().measure {
                let tags = try repository.tags(matching: "v*")
                #expect(tags.count == Self.lightweight + Self.annotated)
            }
            best = min(best, elapsed)
        }
        print("bench-trigger: tags(matching: \"v*\") over \(Self.lightweight + Self.annotated + Self.others) tags, \(label): best of 5 = \(best)")
        return best
    }

    @Test func resolvingTenThousandTagsByGlob() throws {
        let started = ContinuousClock.now
        let repo = try generate()
        print("bench-trigger: generated repository in \(ContinuousClock.now - started)")
        let loose = try measure("loose refs", try GitRepository(path: repo.path))
        try repo.git("pack-refs", "--all")
        let packed = try measure("packed-refs", try GitRepository(path: repo.path))
        let annotated = try GitRepository(path: repo.path).tags(matching: "v2.*")
        #expect(annotated.count == Self.annotated && annotated.allSatisfy { $0.isAnnotated })
        #expect(loose < .seconds(10) && packed < .seconds(10))
    }
}
