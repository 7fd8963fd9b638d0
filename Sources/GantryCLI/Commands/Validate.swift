import ArgumentParser
import Foundation
import GantryModel

/// `gantry validate`: check pipelines; every error of every file at once.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every pipeline (or the named ones); exit 2 on any error.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Pipeline names (default: every file in the pipelines folder).", valueName: "pipeline"))
    var names: [String] = []

    func run() async throws {
        let set = try global.loadPipelines()
        var entries = set.entries
        if !names.isEmpty {
            entries = try names.map { name throws(GantryModelError) in try set.entry(named: name) }
        }
        let diagnostics = entries.flatMap(\.diagnostics)
        if global.json {
            Terminal.out(try ValidationJSON.render(diagnostics))
        } else {
            report(entries, diagnostics: diagnostics)
        }
        if !diagnostics.isEmpty { throw CLIError.exit(.usage) }
    }

    private func report(_ entries: [PipelineSet.Entry], diagnostics: [Diagnostic]) {
        let color = global.useColor
        for diagnostic in diagnostics {
            Terminal.error("\(diagnostic.location): \(Terminal.paint("error:", .red, enabled: color)) \(diagnostic.message)")
        }
        let valid = entries.filter(\.diagnostics.isEmpty)
        if global.verbose || diagnostics.isEmpty {
            for entry in valid { Terminal.out("\(Terminal.paint("ok", .green, enabled: color))  \(entry.file) (\(entry.name))") }
        }
        let broken = entries.count - valid.count
        if diagnostics.isEmpty {
            Terminal.out("\(entries.count) pipeline\(entries.count == 1 ? "" : "s") valid")
        } else {
            Terminal.error("\(diagnostics.count) error\(diagnostics.count == 1 ? "" : "s") in \(broken) file\(broken == 1 ? "" : "s")")
        }
    }
}

/// The `validate --json` document: `{"errors": [{"file", "line", "column", "message"}]}`.
enum ValidationJSON {
    struct Document: Encodable {
        var errors: [Item]
    }

    struct Item: Encodable {
        var file: String
        var line: Int
        var column: Int
        var message: String
    }

    static func render(_ diagnostics: [Diagnostic]) throws -> String {
        let document = Document(errors: diagnostics.map {
            Item(file: $0.location.file, line: $0.location.line, column: $0.location.column, message: $0.message)
        })
        return try JSONOutput.encode(document)
    }
}

/// One place that turns `Encodable` values into the stable JSON Gantry prints.
enum JSONOutput {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
