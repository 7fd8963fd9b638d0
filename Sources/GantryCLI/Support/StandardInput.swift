import Foundation
import GantryShell

/// Standard input, read to its end once: the trigger shortcut reads a push before the argument
/// parser runs, and `gantry trigger` must see the same lines when the shortcut cannot decide.
enum StandardInput {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var bytes: [UInt8]??

    /// Every byte of standard input, nil when reading it failed; later calls return the same.
    static func readAll() -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        if let bytes { return bytes }
        let all = FileBytes.readAll(STDIN_FILENO)
        bytes = .some(all)
        return all
    }
}
