import Foundation
import GantryEngine
import GantryGates
import GantryModel
import GantryStore

/// What most verbs need: the pipelines, the store, and an engine wired to the real parts.
struct CommandContext {
    let global: GlobalOptions
    let printer: LivePrinter

    init(_ global: GlobalOptions) {
        self.global = global
        printer = LivePrinter(color: global.useColor, quiet: global.json, verbose: global.verbose)
    }

    /// Loads one pipeline; a broken file blocks only the commands that need it.
    func pipeline(named name: String) throws -> Pipeline {
        let set = try global.loadPipelines()
        return try set.pipeline(named: name)
    }

    /// Opens the state store; an unusable store is an infrastructure error (exit 4).
    func openStore() throws -> StateStore {
        do {
            return try StateStore.open(path: global.statePath)
        } catch let error as StoreError {
            throw EngineError(error.exitCode == 4 ? .infrastructure : .configuration, error.description)
        }
    }

    /// An engine with the acting OS user, the system clock and live output.
    func engine(trigger: DeploymentTrigger = .cli) throws -> Engine {
        let printer = self.printer
        return Engine(store: try openStore(), trigger: trigger, observer: { printer.handle($0) })
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
