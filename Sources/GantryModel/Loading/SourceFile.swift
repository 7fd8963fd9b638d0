import Foundation

/// A file the loader read, and exactly what it read from it.
public struct SourceFile: Sendable, Equatable {
    /// The path as read (relative paths are relative to the current folder).
    public var path: String
    /// The bytes read; nil when the file could not be read.
    public var contents: Data?

    public init(path: String, contents: Data?) {
        self.path = path
        self.contents = contents
    }
}
