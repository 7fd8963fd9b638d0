import ArgumentParser

/// `gantry notify`: the notification targets of a pipeline.
struct Notify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Check a pipeline's notification targets.",
        subcommands: [NotifyTest.self])
}
