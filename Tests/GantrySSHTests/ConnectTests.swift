import Foundation
@testable import GantrySSH
import GantryTestSupport
import GantryShell
import Testing

@Suite struct ConnectTests {
    @Test func silentServerHitsTheConnectTimeout() async throws {
        // A socket that listens but never speaks SSH: TCP connects, the handshake never completes.
        let silent = try TestSSHD.loopbackSocket(listening: true)
        defer { close(silent.fd) }
        var target = try Fixtures.target(name: "silent", port: silent.port)
        target.connectTimeout = .milliseconds(700)
        let started = ContinuousClock.now
        do {
            _ = try await SSHConnection.connect(to: target)
            Issue.record("connected to a server that never answers")
        } catch let error as SSHError {
            #expect(error.kind == .timeout)
            #expect(error.host == "silent")
        }
        // The server never answers: without the timeout the connect would wait forever. The bound
        // is loose on purpose: while other tests run, this one may wait for a thread.
        #expect(ContinuousClock.now - started < .seconds(120))
    }

    @Test func unresolvableNameIsUnreachable() async throws {
        let target = try Fixtures.target(name: "nowhere", address: "nonexistent.invalid")
        do {
            _ = try await SSHConnection.connect(to: target)
            Issue.record("resolved an .invalid name")
        } catch let error as SSHError {
            #expect(error.kind == .unreachable)
            #expect(error.operation == "resolve nonexistent.invalid")
        }
    }

    @Test func lineSplitterKeepsCharactersThatStraddleReads() {
        var splitter = LineSplitter()
        let bytes = Array("añb\n✓c".utf8)
        var lines: [String] = []
        // Feed one byte at a time: every multi-byte character is split.
        for byte in bytes {
            lines += [byte].withUnsafeBufferPointer { splitter.feed($0) }
        }
        #expect(lines == ["añb"])
        #expect(splitter.finish() == "✓c")
        #expect(splitter.finish() == nil)
    }

    @Test func knownHostsNameFollowsOpenSSH() {
        #expect(SSHTarget(name: "a", address: "10.0.0.1", user: "u").knownHostsName == "10.0.0.1")
        #expect(SSHTarget(name: "a", address: "10.0.0.1", port: 2222, user: "u").knownHostsName == "[10.0.0.1]:2222")
        #expect(SSHTarget(name: "web", user: "u").address == "web")
    }
}
