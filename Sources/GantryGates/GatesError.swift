import Foundation

/// A technical error from the gates module: input that cannot be understood.
///
/// Business outcomes (a closed window, a missing approval, a refused approver) are not errors;
/// they are values (`WindowStatus`, `ApprovalStatus`, `ApprovalEligibility`).
public enum GatesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A time given on the command line or in a file is not ISO-8601 with an offset.
    case invalidTime(String, hint: String)

    public var description: String {
        switch self {
        case let .invalidTime(text, hint):
            "invalid time \"\(text)\": \(hint)"
        }
    }
}
