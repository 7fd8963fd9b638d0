import ArgumentParser

/// `gantry audit`: Show the audit log.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the audit log.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Check the hash chain of the audit log.") var verify = false

    func run() async throws {
        throw CLIError.notAvailable(verb: "audit")
    }
}
