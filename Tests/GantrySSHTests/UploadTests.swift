import Foundation
@testable import GantrySSH
import GantryTestSupport
import Testing
import GantryShell

@Suite struct UploadTests {
    @Test func binaryContentArrivesIntactWithItsMode() async throws {
        let folder = try TemporaryDirectory()
        let connection = try await Fixtures.connect()
        // Every byte value, NULs and invalid UTF-8 included, large enough to need several writes.
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 256) }
        let path = folder.path + "/app.bin"
        let upload = try await connection.upload(bytes, to: path, mode: 0o600)
        #expect(upload.succeeded)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
        let mode = try await connection.run("stat -c %a \(path)")
        #expect(mode.stdoutText == "600\n")
        let back = try await connection.run("cat \(path)")
        #expect(back.stdout == bytes)
    }

    @Test func replaceIsAtomicAndLeavesNoTemporaryFile() async throws {
        let folder = try TemporaryDirectory()
        let connection = try await Fixtures.connect()
        let path = folder.path + "/app.env"
        #expect(try await connection.upload(Array("OLD=1\n".utf8), to: path, mode: 0o644).succeeded)
        // A reader holding the old file keeps its content: the new file is a new inode.
        let before = try await connection.run("stat -c %i \(path)")
        #expect(try await connection.upload(Array("NEW=2 ünïcode\n".utf8), to: path, mode: 0o640).succeeded)
        let after = try await connection.run("stat -c %i \(path)")
        #expect(before.stdoutText != after.stdoutText)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "NEW=2 ünïcode\n")
        let listing = try await connection.run("ls -A \(folder.path)")
        #expect(listing.stdoutText == "app.env\n")
        let mode = try await connection.run("stat -c %a \(path)")
        #expect(mode.stdoutText == "640\n")
    }

    @Test func uploadIntoMissingFolderFailsAsAResult() async throws {
        let connection = try await Fixtures.connect()
        let result = try await connection.upload(Array("x".utf8), to: "/nonexistent-gantry/dir/file", mode: 0o644)
        #expect(!result.succeeded)
        #expect(result.stderrText.contains("nonexistent-gantry"))
    }

    @Test func uploadCommandQuotesPaths() {
        let command = SSHConnection.uploadCommand(temporary: "/srv/my app/.f.gantry-1", path: "/srv/my app/f", mode: 0o600)
        #expect(command == "umask 077 && cat > '/srv/my app/.f.gantry-1' && chmod 600 '/srv/my app/.f.gantry-1' "
            + "&& mv -f '/srv/my app/.f.gantry-1' '/srv/my app/f' || { status=$?; rm -f '/srv/my app/.f.gantry-1'; exit $status; }")
    }

    @Test func shellQuoting() {
        #expect(ShellQuote.quote("release-1.2_3") == "release-1.2_3")
        #expect(ShellQuote.quote("a b") == "'a b'")
        #expect(ShellQuote.quote("it's") == "'it'\\''s'")
        #expect(ShellQuote.quote("$(rm -rf /)") == "'$(rm -rf /)'")
        #expect(ShellQuote.quote("") == "''")
        #expect(ShellQuote.quote("größe") == "'größe'")
    }
}
