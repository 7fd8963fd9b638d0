internal import CLibSSH2
import Foundation

/// What to run on one channel.
struct ExecRequest {
    var command: String
    /// Shell variables set from stdin before the command runs (secret values).
    var variables: [(name: String, value: String)] = []
    var stdin: [UInt8]? = nil
    var timeout: Duration?
    var collect = true
    var onLine: (@Sendable (OutputLine) -> Void)?
    /// Asked on every pass of the read loop; true stops the command as a timeout would.
    var shouldStop: (@Sendable () -> Bool)? = nil
}

extension Session {
    /// Reads per stream and pass before the deadline and the stop request are checked again.
    private static let readsPerPass = 16
    /// How long a stopped command gets to close its channel before Gantry gives up on it.
    private static let stopGrace: Duration = .seconds(3)

    /// Runs one command on a fresh channel; stdout and stderr are read separately as they arrive.
    ///
    /// The command is wrapped in a ``RemoteScript``: its first line reports the process group
    /// behind a random marker, so a timeout or a stop request can kill the whole group from a
    /// second channel (libssh2 1.10 cannot signal a channel). The deadline and the stop request
    /// are checked on every pass of the read loop, however fast output arrives. Errors name the
    /// operation, never the command: a command may hold secret values.
    func exec(_ request: ExecRequest) throws(SSHError) -> CommandResult {
        let started = ContinuousClock.now
        let setupDeadline = started + target.connectTimeout
        let deadline = request.timeout.map { started + $0 }
        let channel = try callPointer("open a channel", .channelFailure, deadline: setupDeadline) {
            gantry_ssh2_channel_open_session(raw)
        }
        defer { _ = try? call("free channel", .channelFailure, deadline: ContinuousClock.now + .seconds(2)) { libssh2_channel_free(channel) } }

        let script = RemoteScript(command: request.command, variables: request.variables)
        let text = script.text
        try call("start the command", .channelFailure, deadline: setupDeadline) {
            gantry_ssh2_channel_exec(channel, text, UInt32(text.utf8.count))
        }

        let input = script.stdin(then: request.stdin)
        var output = ChannelOutput(marker: script.marker, collect: request.collect, onLine: request.onLine)
        var stdinOffset = 0
        var stdinClosed = false
        var stop: CommandResult.Stop?
        var stopDeadline: ContinuousClock.Instant?
        var stopped = true
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: 65536)
        defer { buffer.deallocate() }
        let operation = "run the command"

        while true {
            var progressed = false
            if !stdinClosed && stop == nil {
                if stdinOffset < input.count {
                    let written = input.withUnsafeBufferPointer { bytes in
                        bytes.baseAddress!.advanced(by: stdinOffset).withMemoryRebound(to: CChar.self, capacity: input.count - stdinOffset) {
                            gantry_ssh2_channel_write(channel, $0, min(input.count - stdinOffset, 65536))
                        }
                    }
                    if written > 0 { stdinOffset += written; progressed = true }
                    else if written != Int(LIBSSH2_ERROR_EAGAIN) { throw error("\(operation) (write stdin)", .channelFailure, code: Int32(written)) }
                }
                if stdinOffset >= input.count {
                    // Without EOF on stdin, a command reading it (cat, a migration prompt) would hang.
                    let rc = libssh2_channel_send_eof(channel)
                    if rc == 0 { stdinClosed = true; progressed = true }
                    else if rc != LIBSSH2_ERROR_EAGAIN { throw error("\(operation) (close stdin)", .channelFailure, code: rc) }
                }
            }
            for stream in [OutputLine.Stream.stdout, .stderr] {
                // Bounded, so a command that floods its output cannot starve the checks below.
                for _ in 0..<Self.readsPerPass {
                    let count = stream == .stdout
                        ? gantry_ssh2_channel_read(channel, buffer, 65536)
                        : gantry_ssh2_channel_read_stderr(channel, buffer, 65536)
                    if count > 0 {
                        buffer.withMemoryRebound(to: UInt8.self, capacity: count) {
                            output.feed(stream, UnsafeBufferPointer(start: $0, count: count))
                        }
                        progressed = true
                        continue
                    }
                    if count < 0 && count != Int(LIBSSH2_ERROR_EAGAIN) {
                        if stop != nil { break }
                        throw error("\(operation) (read \(stream.rawValue))", .channelFailure, code: Int32(count))
                    }
                    break
                }
            }
            if libssh2_channel_eof(channel) != 0 { break }

            let now = ContinuousClock.now
            if stop == nil {
                if let deadline, now >= deadline {
                    stop = .timedOut
                } else if request.shouldStop?() == true {
                    stop = .interrupted
                }
                if stop != nil {
                    stopped = killProcessGroup(output.processGroup)
                    // Give the killed command a moment to close the channel so its signal is reported.
                    stopDeadline = now + Self.stopGrace
                    continue
                }
            }
            if let stopDeadline, now >= stopDeadline {
                stopped = false
                break
            }
            if progressed { continue }
            // Reading one stream can queue packets of the other inside libssh2; poll() would not see them.
            if libssh2_poll_channel_read(channel, 0) != 0 || libssh2_poll_channel_read(channel, 1) != 0 { continue }
            var wakeUp = stopDeadline ?? deadline
            if request.shouldStop != nil { wakeUp = min(wakeUp ?? now + .milliseconds(200), now + .milliseconds(200)) }
            try waitForSocket(operation, deadline: nil, limit: wakeUp.map { max(.milliseconds(1), $0 - now) })
        }
        output.finish()

        let closeDeadline = ContinuousClock.now + .seconds(5)
        if stop != nil {
            // Best effort: a command that would not stop must not turn into a connection error.
            _ = try? call("close the channel", .channelFailure, deadline: closeDeadline) { gantry_ssh2_channel_close(channel) }
            if libssh2_channel_eof(channel) != 0 {
                _ = try? call("wait for the channel to close", .channelFailure, deadline: closeDeadline) { gantry_ssh2_channel_wait_closed(channel) }
            }
        } else {
            try call("close the channel", .channelFailure, deadline: closeDeadline) { gantry_ssh2_channel_close(channel) }
            try call("wait for the channel to close", .channelFailure, deadline: closeDeadline) { gantry_ssh2_channel_wait_closed(channel) }
        }
        let status = libssh2_channel_get_exit_status(channel)
        var signal: UnsafeMutablePointer<CChar>?
        var signalLength = 0
        _ = libssh2_channel_get_exit_signal(channel, &signal, &signalLength, nil, nil, nil, nil)
        var signalName: String?
        if let signal {
            if signalLength > 0 {
                signalName = String(decoding: UnsafeRawBufferPointer(start: signal, count: signalLength), as: UTF8.self)
            }
            libssh2_free(raw, signal)
        }
        return CommandResult(command: request.command, exitStatus: status, exitSignal: signalName,
                             stop: stop, stopFailed: stop != nil && !stopped, processGroup: output.processGroup,
                             stdout: output.stdout, stderr: output.stderr, duration: ContinuousClock.now - started)
    }

    /// Stops a command's whole process group from a second channel: TERM, then KILL.
    ///
    /// - Returns: false when there is no group to kill (the shell never reported one, or reported
    ///   one Gantry refuses: 0 and 1 would mean "every process") or the kill could not be sent.
    private func killProcessGroup(_ group: Int32?) -> Bool {
        guard let command = RemoteScript.killCommand(group: group) else { return false }
        let kill = ExecRequest(command: command, timeout: .seconds(10), collect: false)
        guard let result = try? exec(kill) else { return false }
        return result.exitStatus == 0 && result.exitSignal == nil
    }
}
