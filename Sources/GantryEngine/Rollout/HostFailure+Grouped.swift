import Foundation

/// Failures grouped by cause: one line for 200 hosts with the same problem, not 200 copies.
extension HostFailure {
    /// One line per cause: `3 hosts (a, b, c): connection refused`; a single host keeps its reason.
    public static func grouped(_ failures: [(host: String, failure: HostFailure)]) -> [String] {
        var order: [String] = []
        var byCause: [String: [(host: String, failure: HostFailure)]] = [:]
        for item in failures {
            if byCause[item.failure.cause] == nil { order.append(item.failure.cause) }
            byCause[item.failure.cause, default: []].append(item)
        }
        return order.map { cause in
            let items = byCause[cause] ?? []
            if items.count == 1, let only = items.first { return "\(only.host): \(only.failure.reason)" }
            let names = items.map(\.host)
            let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", … (\(names.count - 5) more)" : "")
            let hint = cause == "host-key-unknown" || cause == "host-key-changed"
                ? "; add the lines from `gantry check --known-hosts-lines` after verifying the fingerprints" : ""
            return "\(items.count) hosts (\(shown)): \(summary(cause, items.first?.failure.reason ?? ""))\(hint)"
        }
    }

    private static func summary(_ cause: String, _ example: String) -> String {
        switch cause {
        case "host-key-unknown": "unknown host key"
        case "host-key-changed": "HOST KEY CHANGED"
        case "host-key-revoked": "host key revoked"
        case "connection-refused": "connection refused"
        case "timeout": "no answer within the connect timeout"
        case "authentication": "login refused; e.g. " + example
        default: example
        }
    }
}

