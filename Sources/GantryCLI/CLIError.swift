/// Errors a verb reports to `GantryMain`, which prints them and maps them to an exit status.
public enum CLIError: Error, Sendable, CustomStringConvertible {
    /// A usage or configuration problem found after parsing (exit 2).
    case usage(String)
    /// The verb already printed what happened; exit with this status.
    case exit(ExitStatus)

    public var description: String {
        switch self {
        case .usage(let message): return message
        case .exit(let status): return "exit \(status.rawValue)"
        }
    }

    /// The status this error ends the process with.
    public var status: ExitStatus {
        switch self {
        case .usage: return .usage
        case .exit(let status): return status
        }
    }
}
