import Foundation
import GantryEngine

extension Documents {
    /// An error under `--json`: what happened and the exit code it ends with.
    static func error(_ message: String, status: ExitStatus) -> JSONValue {
        let severity: String = switch status {
        case .failed: "failed"
        case .usage: "usage"
        case .refused: "refused"
        case .infrastructure: "infrastructure"
        case .interrupted, .terminated: "interrupted"
        case .success: "none"
        }
        return .object(["error": .object(["message": .string(message), "exit_code": .int(Int64(status.rawValue)),
                                          "severity": .string(severity)])])
    }
}
