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
    /// The error names something that does not exist (a pipeline, environment, host, deployment):
    /// an HTTP front end answers 404 instead of 400.
    public var isNotFound: Bool

    public init(_ severity: Severity, _ message: String, isNotFound: Bool = false) {
        self.severity = severity
        self.message = message
        self.isNotFound = isNotFound
    }

    public var description: String { message }

    static func configuration(_ message: String) -> EngineError { EngineError(.usage, message) }
    static func refused(_ message: String) -> EngineError { EngineError(.refused, message) }
    static func infrastructure(_ message: String) -> EngineError { EngineError(.infrastructure, message) }
}
