import Foundation
import GantryShell
import GantryTestSupport
import Testing
@testable import GantrySSH

/// How a command reaches the remote shell: the framed process group, secret values on stdin.
@Suite struct RemoteScriptTests {
    static let awkward = ["plain", "with space", "quo'te\"s", "new\nline\n\n", "digits-after-escape: -0-1-7-9",
                          "back\\slash \\0101 %s %b $HOME `id` $(id)", "ünïcödé ✓ 世界", " \t leading and trailing \t "]

    @Test func variablesArriveExactlyAndNeverInTheCommandText() async throws {
        let connection = try await Fixtures.connect()
        for (index, value) in Self.awkward.enumerated() {
            let result = try await connection.run("printf '%s' \"$__v\"", variables: [("__v", value)])
            #expect(result.succeeded)
            #expect(result.stdoutText == value, "value \(index)")
        }
        let script = RemoteScript(command: "echo \"$__v\"", variables: [("__v", "s3cr3t-value")])
        #expect(!script.text.contains("s3cr3t"))
    }

    @Test func escapingAlwaysUsesThreeOctalDigits() {
        #expect(String(decoding: RemoteScript.escape("a-0"), as: UTF8.self) == "a\\0055" + "0")
        #expect(String(decoding: RemoteScript.escape("\n7"), as: UTF8.self) == "\\00127")
    }

    @Test func theCommandsStdinIsEmptyAfterTheValues() async throws {
        let connection = try await Fixtures.connect()
        let result = try await connection.run("cat; echo \"[$__a][$__b]\"", variables: [("__a", "one"), ("__b", "two")])
        #expect(result.stdoutText == "[one][two]\n")
    }

    @Test func theProcessGroupLineIsFoundBehindABannerAndNeverShown() {
        let marker = Array("gantry-pgid-abc ".utf8)
        let framed = RemoteScript.frame(Array("Welcome\nhalfgantry-pgid-abc 4242\nout\n".utf8), marker: marker)
        #expect(framed.map { String(decoding: $0.before, as: UTF8.self) } == "Welcome\nhalf")
        #expect(framed?.group == 4242)
        #expect(framed.map { String(decoding: $0.after, as: UTF8.self) } == "out\n")
        // Not complete yet, not the marker, or not a number: no group, nothing consumed.
        #expect(RemoteScript.frame(Array("gantry-pgid-abc 42".utf8), marker: marker) == nil)
        #expect(RemoteScript.frame(Array("gantry-pgid-abd 42\n".utf8), marker: marker) == nil)
        #expect(RemoteScript.frame(Array("gantry-pgid-abc x\n".utf8), marker: marker) == nil)
    }

    @Test func groupsZeroAndOneAreNeverKilled() {
        #expect(RemoteScript.killCommand(group: nil) == nil)
        #expect(RemoteScript.killCommand(group: 0) == nil)
        #expect(RemoteScript.killCommand(group: 1) == nil)
        #expect(RemoteScript.killCommand(group: 4242)?.hasPrefix("kill -TERM -- -4242 ") == true)
    }

    @Test func aBannerFromTheLoginShellIsOutputAndTimeoutsStillKill() async throws {
        let sshd = try TestSSHD.dedicated()
        try "echo Welcome\nprintf 'partial'\n".write(toFile: sshd.homePath + "/.bashrc", atomically: true, encoding: .utf8)
        let target = SSHTarget(name: "banner", address: "127.0.0.1", port: sshd.port, user: sshd.user,
                               identity: sshd.identityPath, knownHosts: sshd.knownHostsPath)
        let connection = try await SSHConnection.connect(to: target)
        let recorder = LineRecorder()
        let result = try await connection.run("echo hello", onLine: recorder.record)
        #expect(result.succeeded)
        #expect(recorder.texts(.stdout) == ["Welcome", "partial", "hello"])
        #expect((result.processGroup ?? 0) > 1)

        let sleeper = "sleep 63.\(Int.random(in: 100...999))"
        let slow = try await connection.run(sleeper, timeout: .seconds(1))
        #expect(slow.timedOut && !slow.stopFailed)
        let survivors = try ChildProcess.run("/bin/ps", ["-eo", "args"]).stdout
        #expect(!survivors.contains(sleeper))
    }

    @Test func aStopRequestKillsTheCommandLikeATimeout() async throws {
        let connection = try await Fixtures.connect()
        let started = ContinuousClock.now
        let result = try await connection.run("sleep 30", shouldStop: { ContinuousClock.now - started > .milliseconds(300) })
        #expect(result.stop == .interrupted)
        #expect(!result.succeeded)
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func aFloodOfOutputCannotHoldOffTheDeadline() async throws {
        let connection = try await Fixtures.connect()
        let started = ContinuousClock.now
        let count = LockedCount()
        let result = try await connection.run("yes 0123456789ABCDEF", timeout: .seconds(2), collect: false, onLine: { _ in count.add() })
        #expect(result.timedOut)
        // Loose on purpose (other tests may hold the threads); without the fix it never ended.
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(count.value > 1000)
    }
}

/// Counts lines from the connection thread.
final class LockedCount: Sendable {
    private let count = Locked(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.current }
}
