import ArgumentParser
import Foundation

/// `gantry completions bash|zsh|fish`: the shell completion script for every verb and option.
struct Completions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        abstract: "Print a shell completion script for bash, zsh or fish.",
        discussion: """
            bash:  gantry completions bash > /etc/bash_completion.d/gantry
            zsh:   gantry completions zsh > "${fpath[1]}/_gantry"
            fish:  gantry completions fish > ~/.config/fish/completions/gantry.fish
            """)

    enum Shell: String, ExpressibleByArgument, CaseIterable {
        case bash, zsh, fish
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The shell: bash, zsh or fish.") var shell: Shell

    func run() throws {
        guard let target = CompletionShell(rawValue: shell.rawValue) else {
            throw CLIError.usage("gantry: error: no completion script for \(shell.rawValue)")
        }
        let script = Gantry.completionScript(for: target)
        FileHandle.standardOutput.write(Data((script.hasSuffix("\n") ? script : script + "\n").utf8))
    }
}
