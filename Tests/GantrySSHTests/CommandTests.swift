import Foundation
import GantrySSH
import GantryTestSupport
import Testing

@Suite struct CommandTests {
    @Test func separatesStdoutStderrAndExitStatus() async throws {
        let connection = try await Fixtures.connect()
        let recorder = LineRecorder()
        let result = try await connection.run("echo out1; echo err1 >&2; echo out2; exit 3", onLine: recorder.record)
        #expect(result.exitStatus == 3)
        #expect(result.exitSignal == nil)
        #expect(!result.succeeded)
        #expect(result.stdoutText == "out1\nout2\n")
        #expect(result.stderrText == "err1\n")
        #expect(recorder.texts(.stdout) == ["out1", "out2"])
        #expect(recorder.texts(.stderr) == ["err1"])
        #expect(result.failureSummary == "exit 3")
    }

    @Test func commandKilledBySignalIsAFailure() async throws {
        let connection = try await Fixtures.connect()
        let result = try await connection.run("echo before; kill -KILL $$")
        #expect(result.exitSignal == "KILL")
        #expect(!result.succeeded)
        #expect(result.stdoutText == "before\n")
        #expect(result.failureSummary == "killed by signal KILL")
    }

    @Test func tenMegabytesOfOutputArriveIntact() async throws {
        let connection = try await Fixtures.connect()
        let recorder = LineRecorder()
        // 1…1_400_000, one per line: 10.2 MB, so any lost, duplicated or reordered chunk shows.
        let result = try await connection.run("seq 1 1400000; echo tail >&2", onLine: recorder.record)
        #expect(result.succeeded)
        #expect(result.stdout.count > 10_000_000)
        let expected = (1...1_400_000).map(String.init).joined(separator: "\n") + "\n"
        #expect(result.stdout == Array(expected.utf8))
        let streamed = recorder.texts(.stdout)
        #expect(streamed.count == 1_400_000)
        #expect(streamed.first == "1" && streamed.last == "1400000")
        #expect(recorder.texts(.stderr) == ["tail"])
    }

    @Test func nonASCIICommandAndOutputSurviveReadBoundaries() async throws {
        let connection = try await Fixtures.connect()
        let recorder = LineRecorder()
        // 200 000 two-byte characters on one line: reads of 64 KiB must split some of them.
        let long = String(repeating: "é", count: 200_000)
        let result = try await connection.run(
            "echo 'Grüße, 世界 ✓'; echo 'ошибка' >&2; printf 'é%.0s' $(seq 1 200000); echo",
            onLine: recorder.record)
        #expect(result.succeeded)
        #expect(recorder.texts(.stdout) == ["Grüße, 世界 ✓", long])
        #expect(recorder.texts(.stderr) == ["ошибка"])
        #expect(result.stdoutText == "Grüße, 世界 ✓\n" + long + "\n")
    }

    @Test func linesStreamWhileTheCommandRuns() async throws {
        let connection = try await Fixtures.connect()
        let recorder = LineRecorder()
        let result = try await connection.run("echo first; sleep 1; echo second", onLine: recorder.record)
        let timed = recorder.timed
        #expect(timed.map(\.line.text) == ["first", "second"])
        #expect(timed.count == 2 && timed[1].at - timed[0].at > .milliseconds(700))
        #expect(result.succeeded)
    }

    @Test func linesAsAsyncStream() async throws {
        let connection = try await Fixtures.connect()
        var texts: [String] = []
        for try await line in connection.lines("printf 'a\\nb\\n'; echo c >&2") {
            texts.append("\(line.stream.rawValue):\(line.text)")
        }
        #expect(texts.sorted() == ["stderr:c", "stdout:a", "stdout:b"])
    }

    @Test func stdinIsClosedSoReadingCommandsDoNotHang() async throws {
        let connection = try await Fixtures.connect()
        let result = try await connection.run("cat; echo done", timeout: .seconds(10))
        #expect(result.succeeded)
        #expect(result.stdoutText == "done\n")
    }

    @Test func oneConnectionRunsManyCommands() async throws {
        let connection = try await Fixtures.connect()
        var endpoints: Set<String> = []
        for index in 0..<5 {
            let result = try await connection.run("echo $SSH_CONNECTION; exit \(index)")
            #expect(result.exitStatus == Int32(index))
            endpoints.insert(result.stdoutText)
        }
        // SSH_CONNECTION names the client's port: one value means one TCP connection.
        #expect(endpoints.count == 1)
    }

    @Test func timeoutKillsTheWholeRemoteProcessGroup() async throws {
        let connection = try await Fixtures.connect()
        let started = ContinuousClock.now
        let result = try await connection.run("sleep 987 & sleep 986; echo not-reached", timeout: .seconds(1))
        #expect(result.timedOut)
        #expect(!result.succeeded)
        #expect(!result.stdoutText.contains("not-reached"))
        // The command would sleep for 16 minutes: ending within 30 s proves the timeout stopped it.
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(result.failureSummary.hasPrefix("timed out after"))

        // A second, independent connection: neither sleep may have survived.
        let checker = try await Fixtures.connect()
        let survivors = try await checker.run("ps -eo args | grep -c '^sleep 98[67]$' || true")
        #expect(survivors.stdoutText == "0\n")
        // The first connection is still usable after the timeout.
        let again = try await connection.run("echo alive")
        #expect(again.stdoutText == "alive\n")
    }
}
