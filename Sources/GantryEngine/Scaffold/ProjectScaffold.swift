import Foundation
import GantryModel

/// `gantry init`: a starting project beside a pipelines folder, written without overwriting.
public enum ProjectScaffold {
    /// What `write` did, file by file (paths as shown to people, relative to where gantry runs).
    public struct Report: Sendable, Equatable, Codable {
        public enum IgnoreChange: String, Sendable, Codable {
            /// `.gitignore` did not exist and now lists `.gantry/`.
            case created
            /// `.gantry/` was added at the end of an existing `.gitignore`.
            case appended
            /// `.gitignore` already ignored the state folder; it was left alone.
            case present
        }

        public var pipeline: String
        /// Files written.
        public var created: [String]
        /// Files that existed and were left as they were.
        public var kept: [String]
        public var gitignore: IgnoreChange
        public var gitignorePath: String

        /// Nothing was written or changed: every file existed already.
        public var changedNothing: Bool { created.isEmpty && gitignore == .present }
    }

    /// A pipeline name made from a folder name: lower-case letters, digits and `_`; any other run
    /// of characters becomes one `-` (none at either end); `app` when nothing is left.
    public static func defaultName(forFolder folder: String) -> String {
        var name = ""
        for scalar in folder.lowercased().unicodeScalars {
            if isNameCharacter(scalar), scalar != "-" {
                if !name.isEmpty || scalar != "_" { name.unicodeScalars.append(scalar) }
            } else if !name.isEmpty, name.last != "-" {
                name += "-"
            }
        }
        name = String(name.prefix(64))
        while name.hasSuffix("-") { name.removeLast() }
        return name.isEmpty ? "app" : name
    }

    /// Whether `name` can name a scaffolded pipeline: it lands unquoted in paths and a service name.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != "-", first != "_", name.count <= 64 else { return false }
        return name.unicodeScalars.allSatisfy(isNameCharacter)
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
    }

    /// Writes `pipelines/<name>.yml`, `templates/files/app.env` and `.gantry/` in `.gitignore`
    /// into the project that holds `pipelinesFolder`. An existing file is never overwritten;
    /// `.gitignore` is only appended to, and only when it does not ignore `.gantry/` yet.
    ///
    /// - Parameters:
    ///   - pipelinesFolder: the pipelines folder (`--pipelines`); the project root is its parent.
    ///   - name: the pipeline's name; nil = the project folder's name, made safe.
    /// - Throws: a usage error for a bad name, a failure when a file cannot be written.
    public static func write(pipelinesFolder: String, name: String?) throws(EngineError) -> Report {
        let folder = PathText.normalize(pipelinesFolder)
        let root = PathText.parent(folder)
        let chosen = name ?? defaultName(forFolder: folderName(of: root))
        guard isValidName(chosen) else {
            throw .configuration("'\(chosen)' cannot name a pipeline made by init: use lower-case letters, digits, "
                + "'-' and '_', starting with a letter or digit (it becomes /srv/\(chosen) and a service name)")
        }
        var report = Report(pipeline: chosen, created: [], kept: [], gitignore: .present,
                            gitignorePath: PathText.join(root, ".gitignore"))
        let files = [(PathText.join(folder, "\(chosen).yml"), ScaffoldFiles.pipeline(name: chosen)),
                     (PathText.join(root, "templates/files/app.env"), ScaffoldFiles.appEnv)]
        for (path, content) in files {
            if try createExclusively(path, content) { report.created.append(path) } else { report.kept.append(path) }
        }
        report.gitignore = try ignoreStateFolder(report.gitignorePath)
        return report
    }

    /// Creates `path` with `content` unless something exists there; false when it existed.
    private static func createExclusively(_ path: String, _ content: String) throws(EngineError) -> Bool {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) { return false }
        do {
            try manager.createDirectory(atPath: PathText.parent(path), withIntermediateDirectories: true)
            // O_EXCL underneath: a file that appears meanwhile is not overwritten either.
            try Data(content.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            return true
        } catch {
            if manager.fileExists(atPath: path) { return false }
            throw EngineError(.failed, "cannot write \(path): \(error.localizedDescription)")
        }
    }

    private static func ignoreStateFolder(_ path: String) throws(EngineError) -> Report.IgnoreChange {
        let entry = ScaffoldFiles.gitignoreEntry
        let lines = "# Gantry's state: the SQLite store and kept artifact files\n\(entry)\n"
        do {
            guard let existing = FileManager.default.contents(atPath: path) else {
                try Data(lines.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
                return .created
            }
            let text = String(decoding: existing, as: UTF8.self)
            let ignores: Set<String> = [".gantry", ".gantry/", "/.gantry", "/.gantry/", ".gantry/*", "/.gantry/*"]
            if text.split(whereSeparator: \.isNewline).contains(where: {
                ignores.contains($0.trimmingCharacters(in: .whitespaces))
            }) {
                return .present
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(((text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + lines).utf8))
            return .appended
        } catch {
            throw EngineError(.failed, "cannot update \(path): \(error.localizedDescription)")
        }
    }

    private static func folderName(of root: String) -> String {
        let absolute = root.hasPrefix("/") ? root : PathText.join(FileManager.default.currentDirectoryPath, root)
        return absolute.split(separator: "/").last.map(String.init) ?? "app"
    }
}
