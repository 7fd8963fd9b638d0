import Foundation
import Testing
import GantryTestSupport

/// Bad break-glass and lock-wait input is refused before anything is read, run or recorded.
@Suite struct RunFlagsTests {
    let state: TemporaryDirectory

    init() throws { state = try TemporaryDirectory(prefix: "gantry-flags") }

    func gantry(_ arguments: String...) throws -> GantryBinary.Result {
        try GantryBinary.run(["--state", state.path + "/state.db"] + arguments)
    }

    @Test(arguments: [["promote", "webshop", "production"], ["rollback", "webshop", "production"],
                      ["deploy", "webshop", "development", "--artifact", "abc"]])
    func breakGlassWithoutAReasonIsRefused(verb: [String]) throws {
        let result = try GantryBinary.run(["--state", state.path + "/state.db"] + verb + ["--override-window"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--override-window needs --reason"))
        #expect(!FileManager.default.fileExists(atPath: state.path + "/state.db"))
    }

    @Test func aBlankReasonIsNoReason() throws {
        let result = try gantry("promote", "webshop", "production", "--override-window", "--reason", "  ")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--override-window needs --reason"))
    }

    @Test func aReasonWithoutOverrideIsAUsageError() throws {
        let result = try gantry("promote", "webshop", "production", "--reason", "incident")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--reason goes with --override-window"))
    }

    @Test func aLockWaitThatIsNotADurationIsAUsageError() throws {
        let result = try gantry("promote", "webshop", "staging", "--lock-wait", "soon")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--lock-wait 'soon' is not a duration"))
    }
}
