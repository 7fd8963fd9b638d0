/// The names a pipeline declares, gathered before decoding so every reference can be checked
/// (and misspellings suggested) wherever it appears, in any order.
struct KnownNames {
    var hosts: [String] = []
    var groups: [String] = []
    var environments: [String] = []
    var topVars: Set<String> = []
    var environmentVars: [String: Set<String>] = [:]
    var secrets: [String] = []
    var facts: [String] = []

    init(root: YNode) {
        hosts = root["hosts"]?.pairs?.map(\.key) ?? []
        groups = root["groups"]?.pairs?.map(\.key) ?? []
        topVars = Set(root["vars"]?.pairs?.map(\.key) ?? [])
        secrets = root["secrets"]?.items?.compactMap(\.scalar) ?? []
        facts = root["parity"]?["facts"]?.pairs?.map(\.key) ?? []
        for pair in root["environments"]?.pairs ?? [] {
            environments.append(pair.key)
            environmentVars[pair.key] = Set(pair.value["vars"]?.pairs?.map(\.key) ?? [])
        }
    }

    var allVars: [String] { Array(topVars.union(environmentVars.values.flatMap { $0 })).sorted() }

    /// Why `reference` cannot be rendered in every environment, or nil when it can.
    func problem(with reference: Reference) -> String? {
        switch reference {
        case .variable(let name):
            if topVars.contains(name) { return nil }
            let missing = environments.filter { !(environmentVars[$0]?.contains(name) ?? false) }
            if missing.isEmpty { return nil }
            if missing.count == environments.count {
                return "unknown var '\(name)' in '${vars.\(name)}'" + Suggestion.hint(for: name, among: allVars)
            }
            let list = missing.map { "'\($0)'" }.joined(separator: ", ")
            return "var '\(name)' is not defined for environment \(list) (define it in top-level 'vars' or in every environment)"
        case .secret(let name):
            if secrets.contains(name) { return nil }
            let hint = Suggestion.closest(to: name, among: secrets).map { " (did you mean '\($0)'?)" }
                ?? " (declare it under 'secrets')"
            return "unknown secret '\(name)' in '${secrets.\(name)}'" + hint
        default:
            return nil
        }
    }
}
