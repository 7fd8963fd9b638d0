import ArgumentParser
import Foundation
import GantryEngine
import GantryModel
import GantryShell

/// The process entry point: parse, run one verb, map the outcome to an exit status.
///
/// Parsing is done here (not by `Gantry.main()`) so that a usage error exits 2 as SPEC says,
/// instead of swift-argument-parser's 64, and so every error reaches stderr the same way.
public enum GantryMain {
    /// Runs `gantry` with `arguments` (without the program name) and returns the exit status.
    public static func run(_ arguments: [String]) async -> ExitStatus {
        // Answered here rather than by the parser, which would add `--version` to every verb's help.
        if arguments.first == "--version" {
            Terminal.out(BuildInfo.versionLine)
            return .success
        }
        let command: ParsableCommand
        do {
            command = try Gantry.parseAsRoot(hoistingGlobalOptions(arguments))
        } catch {
            return reportParseError(error)
        }
        if command is Gantry {
            Terminal.error(Gantry.helpMessage(columns: 100))
            return .usage
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
            return .success
        } catch {
            return report(error)
        }
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
        let groups: Set<String> = ["schedule", "scheduler", "hooks"]
        if groups.contains(arguments[index]), verbEnd < arguments.count, !arguments[verbEnd].hasPrefix("-") {
            verbEnd += 1
        }
        return Array(arguments[index..<verbEnd]) + hoisted + Array(arguments[verbEnd...])
    }

    private static func reportParseError(_ error: Error) -> ExitStatus {
        if Gantry.exitCode(for: error) == .success {
            Terminal.out(Gantry.fullMessage(for: error))
            return .success
        }
        Terminal.error(Gantry.fullMessage(for: error))
        return .usage
    }

    /// Prints `error` to stderr and returns its exit status.
    static func report(_ error: Error) -> ExitStatus {
        switch error {
        case let error as CLIError:
            if case .exit = error {} else { Terminal.error(error.description) }
            return error.status
        case let error as GantryModelError:
            Terminal.error(prefixed(error))
            return .usage
        case let error as any SeverityCarrying:
            Terminal.error("gantry: error: \(error.description)")
            return ExitStatus(error.severity)
        case let error as ExitCode:
            return ExitStatus(rawValue: error.rawValue) ?? .failed
        default:
            // Errors from swift-argument-parser itself (help requests, validation) after parsing.
            let code = Gantry.exitCode(for: error)
            if code == .success {
                Terminal.out(Gantry.fullMessage(for: error))
                return .success
            }
            if code == .validationFailure {
                Terminal.error(Gantry.fullMessage(for: error))
                return .usage
            }
            Terminal.error("gantry: error: \(error)")
            return .failed
        }
    }

    private static func prefixed(_ error: GantryModelError) -> String {
        if case .invalid = error { return error.description }
        return "gantry: error: \(error.description)"
    }
}
