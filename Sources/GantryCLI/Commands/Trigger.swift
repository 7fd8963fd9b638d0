import ArgumentParser

/// `gantry trigger`: the post-receive hook entry; reads "old new ref" lines on stdin.
struct Trigger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger",
        abstract: "Hook entry: reads \"old new ref\" lines on stdin.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        throw CLIError.notAvailable(verb: "trigger")
    }
}
