import Foundation
import GantryShell
import Synchronization

/// Standard input, read to its end once: the trigger shortcut reads a push before the argument
/// parser runs, and `gantry trigger` must see the same lines when the shortcut cannot decide.
enum StandardInput {
    private static let bytes = Mutex<[UInt8]??>(nil)

    /// Every byte of standard input, nil when reading it failed; later calls return the same.
    static func readAll() -> [UInt8]? {
        bytes.withLock { bytes in
            if let bytes { return bytes }
            let all = FileBytes.readAll(STDIN_FILENO)
            bytes = .some(all)
            return all
        }
    }
}
