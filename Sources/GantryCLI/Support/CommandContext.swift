import Foundation
import GantryEngine
import GantryGates
import GantryModel
import GantryStore

/// What most verbs need: the pipelines, the store, and an engine wired to the real parts.
struct CommandContext {
    let global: GlobalOptions
    /// `--json-lines`: one JSON object per event while a run goes on.
    let jsonLines: Bool
    let printer: LivePrinter

    init(_ global: GlobalOptions, jsonLines: Bool = false) {
        self.global = global
        self.jsonLines = jsonLines
        printer = LivePrinter(color: global.useColor, quiet: global.json || jsonLines, verbose: global.verbose)
    }

    /// Loads one pipeline; a broken file blocks only the commands that need it.
    func pipeline(named name: String) throws -> Pipeline {
        let set = try global.loadPipelines()
        return try set.pipeline(named: name)
    }

    /// Opens the state store; an unusable store is an infrastructure error (exit 4).
    func openStore() throws -> StateStore {
        let store = try StateStore.open(path: global.statePath)
        NotificationDuty.watch(store)
        return store
    }

    /// An engine with the acting OS user, the system clock and live output.
    ///
    /// - Parameter trapSignals: for commands that change hosts: the first SIGINT/SIGTERM stops the
    ///   run cleanly (see ``SignalTrap``) instead of killing the process mid-step.
    func engine(trigger: DeploymentTrigger = .cli, trapSignals: Bool = false) throws -> Engine {
        let printer = self.printer
        let interruption = Interruption()
        if trapSignals { SignalTrap.install(interruption) }
        let observer: EngineObserver
        if jsonLines {
            observer = { event in JSONLines.handle(event) }
        } else {
            observer = { event in printer.handle(event) }
        }
        return Engine(store: try openStore(), trigger: trigger, observer: observer, interruption: interruption,
                      logger: OperatorLog.logger())
    }

    /// Seconds for a `--lock-wait`-style duration flag.
    static func seconds(_ text: String?, flag: String) throws -> TimeInterval? {
        guard let text else { return nil }
        if text == "0" { return 0 }
        guard let seconds = DurationText.seconds(text) else {
            throw CLIError.usage("gantry: error: \(flag) '\(text)' is not a duration (use 500ms, 30s, 10m, 24h or 7d)")
        }
        return seconds
    }

    /// `--override-window` must come with a reason.
    static func overrideReason(_ override: Bool, reason: String?) throws -> String? {
        guard override else {
            if reason != nil { throw CLIError.usage("gantry: error: --reason goes with --override-window") }
            return nil
        }
        guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CLIError.usage("gantry: error: --override-window needs --reason \"…\" (it is recorded in the audit log)")
        }
        return reason
    }
}
