import ArgumentParser
import Foundation
import GantryModel

/// `gantry validate`: check pipelines; every error of every file at once.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every pipeline (or the named ones); exit 2 on any error.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Pipeline names or their files (default: every file in the pipelines folder).", valueName: "pipeline"))
    var names: [String] = []

    func run() async throws {
        let set = try global.loadPipelines()
        var entries = set.entries
        if !names.isEmpty {
            entries = try names.map { name throws(GantryModelError) in try set.entry(namedOrAt: name) }
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
