import Foundation

/// Standard input, read to its end once: the trigger shortcut reads a push before the argument
/// parser runs, and `gantry trigger` must see the same lines when the shortcut cannot decide.
enum StandardInput {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var bytes: [UInt8]?

    /// Every byte of standard input; later calls return the same bytes.
    static func readAll() -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        if let bytes { return bytes }
        var all: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            all += chunk[0..<count]
        }
        bytes = all
        return all
    }
}
