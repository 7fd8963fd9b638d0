import Foundation
import GantryTestSupport
@testable import GantryModel

/// Writes pipeline text (and any side files) into a fresh project folder and loads it.
struct PipelineFixture {
    let directory: TemporaryDirectory

    /// A minimal valid pipeline, for tests that need something that loads.
    static let minimal = """
        version: 1
        hosts:
          web-1: { address: 10.0.0.1 }
        environments:
          dev:
            hosts: [web-1]
        steps:
          - run: "echo hi"
        """

    init(_ pipeline: String, files: [String: String] = [:]) throws {
        directory = try TemporaryDirectory()
        try write("pipelines/test.yml", pipeline)
        for (path, content) in files { try write(path, content) }
    }

    func write(_ path: String, _ content: String) throws {
        let url = directory.url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
    }

    var pipelineFile: String { directory.path + "/pipelines/test.yml" }

    func entry() -> PipelineSet.Entry {
        PipelineSet.loadFile(pipelineFile, projectRoot: directory.path)
    }

    /// Each finding as `line:column: message` (the file is checked separately where it matters).
    func findings() -> [String] {
        entry().diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    }

    func pipeline() throws -> Pipeline {
        let entry = entry()
        guard let pipeline = entry.pipeline else { throw GantryModelError.invalid(entry.diagnostics) }
        return pipeline
    }
}

/// The minimal pipeline with `extra` appended at the top level.
func minimalPlus(_ extra: String) -> String {
    PipelineFixture.minimal + "\n" + extra
}
