import Foundation

extension Documents {
    /// One host of `gantry exec`.
    public static func execHost(_ host: ExecResult.Host) -> JSONValue {
        .object([
            "host": .string(host.host),
            "status": .string(host.state.rawValue),
            "exit_status": .number(host.exitStatus),
            "signal": .text(host.signal),
            "timed_out": .bool(host.timedOut),
            "stdout": .string(host.stdout),
            "stderr": .string(host.stderr),
            "duration": .double((host.duration * 1000).rounded() / 1000),
            "error": .text(host.error),
        ])
    }

    /// `gantry exec`: one entry per host with its output (the last 256 KiB).
    public static func exec(_ result: ExecResult) -> JSONValue {
        .object([
            "pipeline": .string(result.pipeline),
            "environment": .string(result.environment),
            "command": .string(result.command),
            "outcome": .string(result.outcome.rawValue),
            "succeeded": .number(result.count(.succeeded)),
            "failed": .number(result.count(.failed)),
            "unreachable": .number(result.count(.unreachable)),
            "hosts": .array(result.hosts.map(execHost)),
        ])
    }

    /// `--json-lines`: an event per output line and per finished host.
    public static func execEvent(_ event: ExecEvent) -> JSONValue {
        switch event {
        case let .output(host, channel, line):
            return .object(["event": "output", "host": .string(host), "stream": .string(channel.rawValue), "line": .string(line)])
        case let .hostFinished(result):
            guard case var .object(fields) = execHost(result) else { return .null }
            fields["event"] = "host_finished"
            fields["stdout"] = nil
            fields["stderr"] = nil
            return .object(fields)
        }
    }
}
