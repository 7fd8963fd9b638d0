import Foundation
@testable import GantryEngine

/// The in-memory twin of a host connection: scripted results, recorded commands and files.
final class MemoryConnection: RemoteConnection, @unchecked Sendable {
    struct Scripted {
        var lines: [(OutputChannel, String)]
        var result: RemoteResult
    }

    private let lock = NSLock()
    var commands: [String] = []
    var files: [String: ([UInt8], Int)] = [:]
    var responder: (String) -> Scripted = { _ in Scripted(lines: [], result: RemoteResult(exitStatus: 0)) }
    var failWith: Error?

    func run(_ command: String, timeout: TimeInterval?,
             onLine: @escaping @Sendable (OutputChannel, String) -> Void) async throws -> RemoteResult {
        if let failWith { throw failWith }
        let scripted: Scripted = lock.withLock {
            commands.append(command)
            return responder(command)
        }
        for (channel, line) in scripted.lines { onLine(channel, line) }
        return scripted.result
    }

    func upload(_ bytes: [UInt8], to path: String, mode: Int) async throws {
        if let failWith { throw failWith }
        lock.withLock { files[path] = (bytes, mode) }
    }
}

extension MemoryConnection {
    func clear() { commands.removeAll(); files.removeAll() }
}
