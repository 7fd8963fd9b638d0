import Foundation
import GantryShell
@testable import GantryEngine

/// The in-memory twin of a host connection: scripted results, recorded commands and files.
final class MemoryConnection: RemoteConnection, Sendable {
    struct Scripted: Sendable {
        var lines: [(OutputChannel, String)]
        var result: RemoteResult
        /// When true the command "runs" until the stop request arrives, then reports `interrupted`.
        var runsUntilStopped = false

        init(lines: [(OutputChannel, String)] = [], result: RemoteResult = RemoteResult(exitStatus: 0),
             runsUntilStopped: Bool = false) {
            self.lines = lines
            self.result = result
            self.runsUntilStopped = runsUntilStopped
        }
    }

    private struct State {
        var commands: [String] = []
        var variables: [[ShellVariable]] = []
        var files: [String: ([UInt8], Int)] = [:]
        var responder: @Sendable (String) -> Scripted = { _ in Scripted() }
        var uploadResult = RemoteResult(exitStatus: 0)
        var failWith: (any Error)?
    }

    private let state = Locked(State())

    var commands: [String] { state.current.commands }
    var variables: [[ShellVariable]] { state.current.variables }
    var files: [String: ([UInt8], Int)] { state.current.files }
    var responder: @Sendable (String) -> Scripted {
        get { state.current.responder }
        set { state.withLock { $0.responder = newValue } }
    }
    var uploadResult: RemoteResult {
        get { state.current.uploadResult }
        set { state.withLock { $0.uploadResult = newValue } }
    }
    var failWith: (any Error)? {
        get { state.current.failWith }
        set { state.withLock { $0.failWith = newValue } }
    }

    func run(_ command: RemoteCommand, shouldStop: (@Sendable () -> Bool)?,
             onLine: @escaping @Sendable (OutputChannel, String) -> Void) async throws -> RemoteResult {
        let (failure, scripted): ((any Error)?, Scripted) = state.withLock { state in
            state.commands.append(command.script)
            state.variables.append(command.variables)
            return (state.failWith, state.responder(command.script))
        }
        if let failure { throw failure }
        for (channel, line) in scripted.lines { onLine(channel, line) }
        if scripted.runsUntilStopped {
            while shouldStop?() != true { try await Task.sleep(for: .milliseconds(5)) }
            return RemoteResult(exitStatus: 0, signal: "TERM", stop: .interrupted)
        }
        return scripted.result
    }

    func upload(_ bytes: [UInt8], to path: String, mode: Int, timeout: TimeInterval?,
                onLine: @escaping @Sendable (OutputChannel, String) -> Void) async throws -> RemoteResult {
        let (failure, result): ((any Error)?, RemoteResult) = state.withLock { state in
            if state.failWith == nil && state.uploadResult.succeeded { state.files[path] = (bytes, mode) }
            return (state.failWith, state.uploadResult)
        }
        if let failure { throw failure }
        if !result.succeeded { onLine(.stderr, "cannot create \(path): Permission denied") }
        return result
    }
}

extension MemoryConnection {
    func clear() { state.withLock { $0.commands.removeAll(); $0.variables.removeAll(); $0.files.removeAll() } }
}
