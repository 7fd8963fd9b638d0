import GantryStore

/// Turns stored fact observations into the changes between them.
enum FactHistory {
    /// Each moment a (host, fact) read differently from its previous observation, oldest first.
    ///
    /// - Parameter observations: one environment's observations, oldest first; the first of each
    ///   (host, fact) is the baseline a change is measured from and is not itself a change.
    static func changes(_ observations: [FactObservation]) -> [FactChange] {
        var last: [String: FactObservation] = [:]
        var changes: [FactChange] = []
        for observation in observations {
            let key = observation.host + "\u{0}" + observation.fact
            if let previous = last[key], previous.digest != observation.digest {
                changes.append(FactChange(environment: observation.environment, host: observation.host, fact: observation.fact,
                                          at: observation.observedAt, from: shown(previous), to: shown(observation)))
            }
            last[key] = observation
        }
        return changes
    }

    private static func shown(_ observation: FactObservation) -> String {
        let first = observation.output.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return first.count > 60 ? String(first.prefix(57)) + "…" : (first.isEmpty ? "(empty)" : first)
    }
}
