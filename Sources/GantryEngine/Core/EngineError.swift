import Foundation

/// Why an engine operation did not complete, sorted by the exit code it maps to.
///
/// Business failure is not a technical error: a step that ran and failed (`failed`, exit 1),
/// bad input or configuration (`configuration`, exit 2), a gate or policy refusal (`refused`,
/// exit 3) and an infrastructure problem (`infrastructure`, exit 4) stay apart.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Int32, Sendable, Comparable {
        case failed = 1
        case configuration = 2
        case refused = 3
        case infrastructure = 4

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var exitCode: Int32 { kind.rawValue }
    public var description: String { message }

    static func configuration(_ message: String) -> EngineError { EngineError(.configuration, message) }
    static func refused(_ message: String) -> EngineError { EngineError(.refused, message) }
    static func infrastructure(_ message: String) -> EngineError { EngineError(.infrastructure, message) }
}
