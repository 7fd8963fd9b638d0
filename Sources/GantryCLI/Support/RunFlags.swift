import ArgumentParser
import GantryEngine

/// The options every deployment-like verb shares: break-glass for the window, and the lock wait.
struct RunFlags: ParsableArguments {
    @Flag(help: "Break-glass: pass a closed window or freeze (needs --reason; recorded in the audit log; approvals still apply).")
    var overrideWindow = false
    @Option(help: "Why the window is overridden.") var reason: String?
    @Option(help: ArgumentHelp("How long to wait for the environment lock (e.g. 30s).", valueName: "duration"))
    var lockWait: String?

    /// The engine options these flags ask for; a usage error when they do not fit together.
    func runOptions() throws -> Engine.RunOptions {
        Engine.RunOptions(overrideReason: try CommandContext.overrideReason(overrideWindow, reason: reason),
                          lockWait: try CommandContext.seconds(lockWait, flag: "--lock-wait") ?? 0)
    }
}
