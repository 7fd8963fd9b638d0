import ArgumentParser

/// `gantry notify`: the notification targets of a pipeline, and the outbox.
struct Notify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Try a pipeline's notification targets, and list what was sent.",
        subcommands: [NotifyTest.self, NotifyList.self])
}
