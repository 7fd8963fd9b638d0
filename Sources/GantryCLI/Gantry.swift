import ArgumentParser

/// The root `gantry` command: only a list of verbs.
struct Gantry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gantry",
        abstract: "Build once, promote the same artifact through gated environments over SSH.",
        discussion: """
            Global options (--pipelines, --state, --json, --no-color, -v) are accepted before or after the verb.
            Exit codes: 0 success, 1 failed, 2 usage or configuration error, 3 refused by a gate, 4 infrastructure error, \
            130/143 stopped cleanly by SIGINT/SIGTERM.
            `gantry --version` prints the version and the commit the binary was built from.
            """,
        subcommands: [
            Validate.self, Plan.self, Build.self, Deploy.self, Promote.self, Approve.self, Reject.self,
            Status.self, History.self, Logs.self, Rollback.self, Windows.self, Parity.self, Verify.self, Migrations.self,
            Hooks.self, Trigger.self, Exec.self, Check.self, ScheduleCommand.self, Scheduler.self, Audit.self,
            Notify.self, Serve.self, Init.self, Completions.self,
        ])
}
