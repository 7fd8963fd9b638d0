import Foundation

/// Who may still add an approval to a request.
public enum ApprovalCandidates: Sendable, Hashable, CustomStringConvertible {
    /// Exactly these login names (in policy order).
    case named([String])
    /// Anyone except these login names (the requester and those who already approved).
    case anyoneExcept([String])

    /// `alice or carol`, `alice, bob or carol`, `anyone but dave`, `anyone but dave and alice`.
    public var description: String {
        switch self {
        case let .named(names):
            return names.isEmpty ? "no one" : Self.list(names, conjunction: "or")
        case let .anyoneExcept(names):
            return names.isEmpty ? "anyone" : "anyone but " + Self.list(names, conjunction: "and")
        }
    }

    static func list(_ names: [String], conjunction: String) -> String {
        guard let last = names.last else { return "" }
        if names.count == 1 { return last }
        return names.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}
