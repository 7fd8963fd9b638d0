import Foundation
import GantryShell
import Testing
import GantryTestSupport
@testable import GantryEngine

@Suite struct LocalCommandTests {
    final class Lines: Sendable {
        private let stored = Locked<[(OutputChannel, String)]>([])
        var items: [(OutputChannel, String)] { stored.current }
        func add(_ s: OutputChannel, _ l: String) { stored.withLock { $0.append((s, l)) } }
    }

    @Test func streamsStdoutAndStderrSeparatelyWithExitStatus() throws {
        let dir = try TemporaryDirectory()
        let lines = Lines()
        let result = try LocalCommand.runBlocking("echo one; echo two >&2; printf 'ünï'; exit 3", in: dir.url) { lines.add($0, $1) }
        #expect(result.exitStatus == 3)
        #expect(!result.succeeded)
        #expect(result.stdout == "one\nünï")
        #expect(result.stderr == "two\n")
        #expect(lines.items.filter { $0.0 == .stdout }.map(\.1) == ["one", "ünï"])
        #expect(lines.items.filter { $0.0 == .stderr }.map(\.1) == ["two"])
    }

    @Test func aLocalLineWithoutNewlinesIsCutAtOneMebibyteAsARemoteOneIs() throws {
        let dir = try TemporaryDirectory()
        let lines = Lines()
        let result = try LocalCommand.runBlocking("head -c 2500000 /dev/zero | tr '\\0' a; echo; echo end", in: dir.url) { lines.add($0, $1) }
        #expect(result.succeeded)
        let sizes = lines.items.map(\.1.utf8.count)
        #expect(sizes == [LineSplitter.maximumLine, LineSplitter.maximumLine, 2_500_000 - 2 * LineSplitter.maximumLine, 3], "\(sizes)")
    }

    @Test func runsInTheGivenFolder() throws {
        let dir = try TemporaryDirectory()
        let result = try LocalCommand.runBlocking("pwd -P", in: dir.url)
        let expected = (try? FileManager.default.destinationOfSymbolicLink(atPath: dir.path)) ?? dir.url.resolvingSymlinksInPath().path
        #expect(result.stdout.trimmingCharacters(in: .newlines) == expected)
    }

    @Test func aSignalIsNotSuccess() throws {
        let dir = try TemporaryDirectory()
        let result = try LocalCommand.runBlocking("kill -9 $$", in: dir.url)
        #expect(result.signal == 9)
        #expect(!result.succeeded)
    }

    @Test func identityIsTheRealUser() {
        let expected = String(cString: getpwuid(getuid())!.pointee.pw_name)
        #expect(Identity.currentUser() == expected)
    }
}

@Suite struct SpawnDescriptorTests {
    @Test func aChildDoesNotInheritThisProcesssOpenFiles() throws {
        let dir = try TemporaryDirectory()
        // Opened without O_CLOEXEC on purpose: only the spawn's close-all keeps it from the child.
        let fd = open(dir.path + "/held", O_CREAT | O_WRONLY, 0o600)
        #expect(fd > 2)
        defer { close(fd) }
        let result = try LocalCommand.runBlocking("ls /proc/$$/fd", in: dir.url)
        let open = result.stdout.split(separator: "\n").map(String.init)
        #expect(open.contains("1"))
        #expect(!open.contains(String(fd)), "descriptor \(fd) leaked into the child: \(open)")
    }
}

/// A command that leaves a process running in the background, holding its output open.
@Suite struct LocalCommandBackgroundTests {
    @Test func aBackgroundProcessHoldingTheOutputDoesNotKeepGantryWaiting() throws {
        let dir = try TemporaryDirectory()
        let pidFile = dir.path + "/background.pid"
        let start = Date()
        let result = try LocalCommand.runBlocking("sleep 30 & echo $! > \(pidFile); echo built; echo warn >&2",
                                          in: dir.url, quietAfterExit: 0.5)
        let elapsed = Date().timeIntervalSince(start)
        defer {
            // The background sleep is the test's own child's child: stopped by its PID.
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGTERM)
            }
        }
        #expect(result.succeeded)
        #expect(result.stdout == "built\n")
        #expect(result.stderr == "warn\n")
        #expect(result.outputLeftOpen)
        #expect(elapsed < 10, "waited \(elapsed) s for a background process")
    }

    @Test func outputWrittenJustBeforeExitIsAllRead() throws {
        let dir = try TemporaryDirectory()
        let pidFile = dir.path + "/background.pid"
        // 200,000 bytes are more than a pipe holds: the shell exits only after most were read.
        let result = try LocalCommand.runBlocking("sleep 30 & echo $! > \(pidFile); head -c 200000 /dev/zero | tr '\\0' x; echo; echo end",
                                          in: dir.url, quietAfterExit: 0.5)
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGTERM)
        }
        #expect(result.outputLeftOpen)
        #expect(result.stdout.count == 200_005)
        #expect(result.stdout.hasSuffix("x\nend\n"))
    }

    @Test func aCommandWithoutBackgroundProcessesIsReadToItsEnd() throws {
        let dir = try TemporaryDirectory()
        let result = try LocalCommand.runBlocking("echo one; sleep 1; echo two", in: dir.url, quietAfterExit: 0.2)
        #expect(result.stdout == "one\ntwo\n")
        #expect(!result.outputLeftOpen)
    }
}
