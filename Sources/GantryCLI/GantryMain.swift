import ArgumentParser
import Foundation
import GantryEngine
import GantryModel
import GantryShell

/// The process entry point: parse, run one verb, map the outcome to an exit status.
///
/// Parsing is done here (not by `Gantry.main()`) so that a usage error exits 2 as documented,
/// instead of swift-argument-parser's 64, and so every error reaches stderr the same way.
public enum GantryMain {
    /// Runs `gantry` with `arguments` (without the program name) and returns the exit status.
    public static func run(_ arguments: [String]) async -> ExitStatus {
        // Answered here rather than by the parser, which would add `--version` to every verb's help.
        if arguments.first == "--version" {
            Terminal.out(BuildInfo.versionLine)
            return .success
        }
        let json = wantsJSON(arguments)
        let command: ParsableCommand
        do {
            command = try Gantry.parseAsRoot(hoistingGlobalOptions(arguments))
        } catch {
            return report(error, json: json, parsing: true)
        }
        if command is Gantry {
            Terminal.error(Gantry.helpMessage(columns: 100))
            return .usage
        }
        let status: ExitStatus
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
            status = .success
        } catch {
            status = report(error, json: json)
        }
        // Every verb ends here: the notifications it wrote are sent before the process exits.
        await NotificationDuty.deliver()
        return status
    }

    /// Whether the command line asks for machine output (`--json`, `--json-lines`) before any `--`.
    static func wantsJSON(_ arguments: [String]) -> Bool {
        arguments.prefix { $0 != "--" }.contains { $0 == "--json" || $0 == "--json-lines" }
    }

    /// Answers `gantry trigger` for a push that maps to nothing, from the trigger index, before
    /// the argument parser, the pipeline loader or any thread starts; nil when the full command
    /// must run (see ``TriggerShortcut``). The process entry calls this first, synchronously.
    public static func shortcut(_ arguments: [String]) -> ExitStatus? {
        TriggerShortcut.run(arguments)
    }

    /// Runs with the process's arguments and exits.
    public static func main() async -> Never {
        let status = await run(Array(CommandLine.arguments.dropFirst()))
        exit(status.rawValue)
    }

    /// The help text of `gantry` or one of its verbs, at a fixed width (for tests and docs).
    public static func helpText(for verbs: [String] = [], columns: Int = 100) -> String {
        var type: ParsableCommand.Type = Gantry.self
        for verb in verbs {
            guard let next = type.configuration.subcommands.first(where: { $0._commandName == verb }) else { break }
            type = next
        }
        return Gantry.helpMessage(for: type, columns: columns)
    }

    /// Moves global options written before the verb to just after it, so `gantry --json validate`
    /// and `gantry validate --json` parse alike (each verb declares them through `GlobalOptions`).
    static func hoistingGlobalOptions(_ arguments: [String]) -> [String] {
        let flags: Set<String> = ["--json", "--no-color", "-v", "--verbose"]
        let valued: Set<String> = ["--pipelines", "--state"]
        var hoisted: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if flags.contains(argument) || valued.contains(where: { argument.hasPrefix($0 + "=") }) {
                hoisted.append(argument)
                index += 1
            } else if valued.contains(argument), index + 1 < arguments.count {
                hoisted += [argument, arguments[index + 1]]
                index += 2
            } else {
                break
            }
        }
        guard !hoisted.isEmpty, index < arguments.count else { return arguments }
        var verbEnd = index + 1
        let groups: Set<String> = ["schedule", "scheduler", "hooks", "notify"]
        if groups.contains(arguments[index]), verbEnd < arguments.count, !arguments[verbEnd].hasPrefix("-") {
            verbEnd += 1
        }
        return Array(arguments[index..<verbEnd]) + hoisted + Array(arguments[verbEnd...])
    }

    /// Prints `error` (text on stderr; with `json`, also `{"error": …}` on stdout) and returns
    /// its exit status.
    static func report(_ error: Error, json: Bool = false, parsing: Bool = false) -> ExitStatus {
        var (text, status) = explain(error)
        // Anything the parser refuses is a usage error (exit 2, not swift-argument-parser's 64).
        if parsing && status != .success {
            (text, status) = (Gantry.fullMessage(for: error), .usage)
        }
        guard let text else { return status }
        if status == .success {
            Terminal.out(text)
            return status
        }
        Terminal.error(text)
        if json, let document = try? JSONOutput.encode(Documents.error(plain(text), status: status)) {
            Terminal.out(document)
        }
        return status
    }

    /// What to print for `error` (nil when the verb already said it) and the exit status.
    private static func explain(_ error: Error) -> (text: String?, status: ExitStatus) {
        switch error {
        case let error as CLIError:
            if case .exit = error { return (nil, error.status) }
            return (error.description, error.status)
        case let error as GantryModelError:
            return (prefixed(error), .usage)
        case let error as any SeverityCarrying:
            return ("gantry: error: \(error.description)", ExitStatus(error.severity))
        case let error as ExitCode:
            return (nil, ExitStatus(rawValue: error.rawValue) ?? .failed)
        default:
            // Errors from swift-argument-parser itself: help requests, parse and validation errors.
            let code = Gantry.exitCode(for: error)
            if code == .success { return (Gantry.fullMessage(for: error), .success) }
            if code == .validationFailure || code.rawValue == 64 { return (Gantry.fullMessage(for: error), .usage) }
            return ("gantry: error: \(error)", .failed)
        }
    }

    /// The message without the `gantry: error: ` people see in front of it.
    private static func plain(_ text: String) -> String {
        for prefix in ["gantry: error: ", "gantry: ", "Error: "] where text.hasPrefix(prefix) {
            return String(text.dropFirst(prefix.count))
        }
        return text
    }

    private static func prefixed(_ error: GantryModelError) -> String {
        if case .invalid = error { return error.description }
        return "gantry: error: \(error.description)"
    }
}
