import Foundation
import GantryShell

/// Why an engine operation did not complete, with its severity.
///
/// Business failure is not a technical error: a step that ran and failed (`failed`), bad input
/// or configuration (`usage`), a gate or policy refusal (`refused`) and an infrastructure problem
/// (`infrastructure`) stay apart; the command line turns the severity into an exit code.
public struct EngineError: SeverityCarrying, Sendable {
    public var severity: Severity
    public var message: String

    public init(_ severity: Severity, _ message: String) {
        self.severity = severity
        self.message = message
    }

    public var description: String { message }

    static func configuration(_ message: String) -> EngineError { EngineError(.usage, message) }
    static func refused(_ message: String) -> EngineError { EngineError(.refused, message) }
    static func infrastructure(_ message: String) -> EngineError { EngineError(.infrastructure, message) }
}
