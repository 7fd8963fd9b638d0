import Foundation

/// Lexical path arithmetic that keeps paths as the user wrote them (relative stays relative).
///
/// Messages show `pipelines/shop.yml` and `templates/rails.yml`, not absolute paths, so paths
/// are joined and normalised as text rather than resolved through the file system.
public enum PathText {
    /// `path` without `.` segments, with `a/..` folded, `//` collapsed; "" becomes ".".
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", absolute {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `relative` resolved against `base` (unless it is absolute), normalised.
    public static func join(_ base: String, _ relative: String) -> String {
        relative.hasPrefix("/") ? normalize(relative) : normalize(base + "/" + relative)
    }

    /// Same as `join`; reads better where a setting is resolved against a root.
    static func resolve(_ path: String, against base: String) -> String { join(base, path) }

    /// The folder holding `path`.
    public static func parent(_ path: String) -> String { join(path, "..") }

    /// `~/x` with the home folder spelled out.
    public static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return NSHomeDirectory() + path.dropFirst()
    }

    /// The file name without folder and extension.
    static func stem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
