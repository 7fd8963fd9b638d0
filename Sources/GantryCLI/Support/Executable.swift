import Foundation
import GantryModel

/// Where this gantry binary lives, for hooks that must call it back.
enum Executable {
    static func path() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

extension PathText {
    /// `path` made absolute against the current folder, normalised.
    static func absolute(_ path: String) -> String {
        join(FileManager.default.currentDirectoryPath, expandingTilde(path))
    }
}
