/// A position in a pipeline or template file, 1-based, as shown to users.
///
/// Every decoded value remembers where it came from so that a later failure (a gate, a step)
/// can still point at the line that configured it.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as the user gave it (relative to the working directory when possible).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in Unicode scalars as libyaml counts them.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the prefix compilers and editors understand.
    public var description: String { "\(file):\(line):\(column)" }

    /// The same file and line, `offset` columns further right.
    func shifted(by offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + offset)
    }
}

/// One validation finding: where and what.
///
/// Validation collects every finding of a file before reporting, so a user fixes a file in
/// one round instead of one error per run.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    /// `file:line:column: error: message`.
    public var description: String { "\(location): error: \(message)" }
}
