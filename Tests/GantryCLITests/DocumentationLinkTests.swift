import Foundation
import Testing

/// The README and docs/ are read by operators without the code: every link they make points at a
/// file of this repository (and at a heading that exists), never outside it.
@Suite struct DocumentationLinkTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().standardizedFileURL

    static var documents: [URL] {
        let docs = (try? FileManager.default.contentsOfDirectory(at: root.appendingPathComponent("docs"),
                                                                 includingPropertiesForKeys: nil)) ?? []
        return [root.appendingPathComponent("README.md")] + docs.filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
    }

    /// GitHub's anchor for a heading: lower-cased, punctuation dropped, spaces as `-`.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().compactMap { character -> Character? in
            if character == " " { return "-" }
            return character.isLetter || character.isNumber || character == "-" || character == "_" ? character : nil
        })
    }

    static func anchors(of file: URL) throws -> Set<String> {
        let text = try String(contentsOf: file, encoding: .utf8)
        var inCode = false
        var result: Set<String> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle() }
            if !inCode, line.hasPrefix("#") { result.insert(anchor(line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces))) }
        }
        return result
    }

    @Test func everyLinkPointsInsideTheRepositoryAtSomethingThatExists() throws {
        #expect(Self.documents.count > 5)
        #expect(Self.documents.contains { $0.lastPathComponent == "guide.md" })
        for document in Self.documents {
            let text = try String(contentsOf: document, encoding: .utf8)
            for match in text.matches(of: /\]\(([^)\s]+)\)/) {
                let target = String(match.output.1)
                if target.hasPrefix("http://") || target.hasPrefix("https://") { continue }
                let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let file = parts[0].isEmpty ? document
                    : document.deletingLastPathComponent().appendingPathComponent(String(parts[0])).standardizedFileURL
                #expect(file.path.hasPrefix(Self.root.path + "/"), "\(document.lastPathComponent) links outside the repository: \(target)")
                #expect(FileManager.default.fileExists(atPath: file.path), "\(document.lastPathComponent) links to a missing file: \(target)")
                if parts.count == 2, file.pathExtension == "md" {
                    #expect(try Self.anchors(of: file).contains(String(parts[1])),
                            "\(document.lastPathComponent) links to a missing heading: \(target)")
                }
            }
            #expect(!text.contains("../shared/"), "\(document.lastPathComponent) names a file outside the repository")
            #expect(!text.contains("SPEC.md"), "\(document.lastPathComponent) names a file outside the repository")
        }
    }
}
