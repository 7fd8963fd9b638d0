import Foundation
import Testing
@testable import GantryModel

/// Files built to crash or hang a YAML loader end in one clear error, quickly.
@Suite struct HostileInputTests {
    /// Loads `data` as a pipeline, asserting it takes under a second; returns the findings.
    private func load(_ data: Data) throws -> [String] {
        let fixture = try PipelineFixture("")
        try data.write(to: URL(fileURLWithPath: fixture.pipelineFile))
        let start = Date()
        let findings = fixture.findings()
        #expect(Date().timeIntervalSince(start) < 1.0)
        return findings
    }

    @Test func billionLaughs() throws {
        var lines = ["version: 1", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        let findings = try load(Data(lines.joined(separator: "\n").utf8))
        #expect(findings == ["7:10: document expands to more than 100000 nodes through aliases; refusing to load it"])
    }

    @Test func deepFlowNesting() throws {
        let text = "version: 1\nx: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let findings = try load(Data(text.utf8))
        #expect(findings.count == 1)
        #expect(findings.first?.hasSuffix("nesting deeper than 64 levels") == true)
    }

    @Test func deepBlockNesting() throws {
        var text = "version: 1\n"
        for level in 0..<1000 { text += String(repeating: " ", count: level) + "k:\n" }
        let findings = try load(Data(text.utf8))
        #expect(findings.count == 1)
        #expect(findings.first?.hasSuffix("nesting deeper than 64 levels") == true)
    }

    @Test func hugeMappingWithADuplicateStaysLinear() throws {
        var text = "version: 1\nvars:\n"
        for index in 0..<5_000 { text += "  K\(index): v\n" }
        text += "  K7: again\n"
        let findings = try load(Data(text.utf8))
        #expect(findings.contains("5003:3: duplicate key 'K7' (first defined at line 10)"))
    }

    @Test func binaryGarbage() throws {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[0] = 0xFF    // never valid UTF-8, whatever the rest
        #expect(try load(Data(bytes)) == ["1:1: not a text file (invalid UTF-8)"])
    }

    @Test func controlCharacters() throws {
        #expect(try load(Data("version: 1\u{0}\u{1}\n".utf8)) == ["1:11: not a text file: control characters are not allowed"])
    }

    @Test func emptyFile() throws {
        #expect(try load(Data()) == ["1:1: file is empty (a pipeline starts with 'version: 1')"])
    }

    @Test func listAtTheTop() throws {
        #expect(try load(Data("- a\n- b\n".utf8)) == [
            "1:1: a pipeline file must be a mapping of keys (version, environments, steps …), found a list",
        ])
    }
}
