import ArgumentParser
import GantryEngine

/// `gantry init`: a commented starting pipeline, its config template and `.gantry/` in `.gitignore`.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starting pipeline, its config template and .gitignore (never overwrites).",
        discussion: """
            Writes pipelines/<name>.yml (three environments, releases/current/shared layout), \
            templates/files/app.env, and .gantry/ in .gitignore. Existing files are kept; exits 3 when \
            everything already existed and nothing was written.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Pipeline name (default: the project folder's name, made safe).", valueName: "name"))
    var name: String?

    func run() throws {
        let report = try ProjectScaffold.write(pipelinesFolder: global.pipelines, name: name)
        if global.json {
            Terminal.out(try JSONOutput.encode(report))
        } else {
            for path in report.created { Terminal.out("created \(path)") }
            for path in report.kept { Terminal.out("kept    \(path) (exists; not overwritten)") }
            switch report.gitignore {
            case .created: Terminal.out("created \(report.gitignorePath) (ignores .gantry/)")
            case .appended: Terminal.out("added   .gantry/ to \(report.gitignorePath)")
            case .present: Terminal.out("kept    \(report.gitignorePath) (already ignores .gantry/)")
            }
            if !report.changedNothing {
                Terminal.out("next: put your hosts in the pipeline, then `gantry validate` and `gantry plan \(report.pipeline) development`")
            }
        }
        if report.changedNothing {
            Terminal.error("gantry: init wrote nothing: every file already exists (it never overwrites)")
            throw CLIError.exit(.refused)
        }
    }
}
