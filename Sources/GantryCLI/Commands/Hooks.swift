import ArgumentParser

/// `gantry hooks`: git hook management.
struct Hooks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Manage git hooks.",
        subcommands: [HooksInstall.self])
}

/// `gantry hooks install`: writes a post-receive hook that calls `gantry trigger`.
struct HooksInstall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the post-receive hook into a git repository (an existing hook is chained).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The repository's git folder (a bare repository or .git).") var gitDir: String

    func run() async throws {
        throw CLIError.notAvailable(verb: "hooks install")
    }
}
