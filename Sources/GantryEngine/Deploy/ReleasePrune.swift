import GantryShell

/// The one remote command that removes old release folders under `releases.path` on a host.
///
/// A value, built here and nowhere else, so a test can pin it string for string. It keeps the
/// `keep` newest folders by modification time, counting the protected ones (the running and the
/// previous release), which stay whatever their age. Files, hidden entries and symbolic links in
/// the folder are left alone. Each removed folder is printed as `removed NAME`; the exit status
/// is 1 when the folder cannot be entered or a folder cannot be removed.
struct ReleasePrune: Sendable, Equatable {
    /// The folder holding the release folders, absolute.
    var path: String
    var keep: Int
    /// Folder names never removed, in order, without repeats.
    var protected: [String]

    init(path: String, keep: Int, protecting names: [String]) {
        self.path = path
        self.keep = keep
        var unique: [String] = []
        for name in names where !name.isEmpty && !unique.contains(name) { unique.append(name) }
        protected = unique
    }

    /// The prefix of each output line that names a removed folder (a login shell may print before it).
    static let removedPrefix = "removed "

    var script: String {
        let names = protected.map(ShellQuote.quote)
        return """
            cd -- \(ShellQuote.quote(path)) || exit 1
            keep=\(keep)
            for name in \(names.joined(separator: " ")); do [ -d "$name" ] && [ ! -L "$name" ] && keep=$((keep - 1)); done
            ls -1dt -- */ 2>/dev/null | {
            status=0
            while IFS= read -r name; do
            name=${name%/}
            [ -d "$name" ] && [ ! -L "$name" ] || continue
            case $name in \(names.joined(separator: "|"))) continue ;; esac
            if [ "$keep" -gt 0 ]; then keep=$((keep - 1)); else rm -rf -- "$name" && printf '\(Self.removedPrefix)%s\\n' "$name" || status=1; fi
            done
            exit "$status"
            }
            """
    }
}
