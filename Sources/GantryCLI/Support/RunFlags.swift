import ArgumentParser
import GantryEngine

/// The options every deployment-like verb shares: break-glass for the window, and the lock wait.
struct RunFlags: ParsableArguments {
    @Flag(help: "Break-glass: pass a closed window or freeze (needs --reason; recorded in the audit log; approvals still apply).")
    var overrideWindow = false
    @Option(help: "Why the window is overridden.") var reason: String?
    @Option(help: ArgumentHelp("How long to wait for the environment lock (e.g. 30s).", valueName: "duration"))
    var lockWait: String?
    @OptionGroup var targets: TargetFlags

    /// The engine options these flags ask for; a usage error when they do not fit together.
    func runOptions() throws -> Engine.RunOptions {
        Engine.RunOptions(overrideReason: try CommandContext.overrideReason(overrideWindow, reason: reason),
                          lockWait: try CommandContext.seconds(lockWait, flag: "--lock-wait") ?? 0,
                          hosts: try targets.hostList(), skipUnreachable: targets.skipUnreachable)
    }
}

/// Which hosts a run verb reaches: `--hosts` and `--skip-unreachable` (deploy, promote, rollback, exec).
struct TargetFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Only these hosts or groups of the environment, comma-separated (audited; a partial "
                               + "deployment never counts as succeeded in the environment).", valueName: "list"))
    var hosts: String?
    @Flag(help: "Run on the hosts that can be reached and record the others as skipped (audited; the run is partial).")
    var skipUnreachable = false
    @Flag(help: "Print one JSON object per event while the run goes on; the last one is the result.")
    var jsonLines = false

    /// The names given to `--hosts`; nil without the option.
    func hostList() throws -> [String]? {
        guard let hosts else { return nil }
        let names = hosts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw CLIError.usage("gantry: error: --hosts needs at least one host or group name") }
        return names
    }
}
