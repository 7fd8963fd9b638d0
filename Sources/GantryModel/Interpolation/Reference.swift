/// A value `${…}` can name.
///
/// The set is closed: anything else is a validation error, so a typo never renders as an
/// empty string inside a production command.
public enum Reference: Sendable, Hashable, CustomStringConvertible {
    case artifactTag, artifactDigest
    case gitSHA, gitShortSHA, gitBranch, gitTag
    case envName, hostName, hostAddress
    case previousTag, releaseID
    case variable(String)
    case secret(String)

    /// The fixed references by their spelling.
    static let fixed: [String: Reference] = [
        "artifact.tag": .artifactTag, "artifact.digest": .artifactDigest,
        "git.sha": .gitSHA, "git.short_sha": .gitShortSHA, "git.branch": .gitBranch, "git.tag": .gitTag,
        "env.name": .envName, "host.name": .hostName, "host.address": .hostAddress,
        "previous.tag": .previousTag, "release.id": .releaseID,
    ]

    /// Every spelling accepted, for did-you-mean hints.
    static var spellings: [String] { Array(fixed.keys).sorted() + ["vars.NAME", "secrets.NAME"] }

    /// Parses `artifact.tag`, `vars.NAME` …; nil for anything unknown.
    public init?(spelling: String) {
        if let known = Reference.fixed[spelling] {
            self = known
        } else if spelling.hasPrefix("vars."), Reference.isName(spelling.dropFirst(5)) {
            self = .variable(String(spelling.dropFirst(5)))
        } else if spelling.hasPrefix("secrets."), Reference.isName(spelling.dropFirst(8)) {
            self = .secret(String(spelling.dropFirst(8)))
        } else {
            return nil
        }
    }

    /// The reference as written inside `${…}`.
    public var description: String {
        switch self {
        case .variable(let name): return "vars.\(name)"
        case .secret(let name): return "secrets.\(name)"
        default: return Reference.fixed.first(where: { $0.value == self })?.key ?? "?"
        }
    }

    /// Why a reference that exists in the language can have no value in a run, for error messages.
    public var whyWithoutValue: String? {
        switch self {
        case .gitBranch:
            "only a build knows a branch: one started by a push, or `gantry build --ref BRANCH`; "
                + "a deployment does not know the ref its artifact came from"
        case .gitTag:
            "only the build of a tagged commit has a tag; a deployment does not know the ref its artifact came from"
        case .previousTag: "nothing ran in this environment before"
        default: nil
        }
    }

    /// Var and secret names: a letter or `_`, then letters, digits and `_`.
    static func isName(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return text.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (0x30...0x39).contains($0) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
