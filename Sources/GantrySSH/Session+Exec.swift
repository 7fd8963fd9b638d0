internal import CLibSSH2
import Foundation

/// What to run on one channel.
struct ExecRequest {
    var command: String
    var stdin: [UInt8]? = nil
    var timeout: Duration?
    var collect = true
    var onLine: (@Sendable (OutputLine) -> Void)?
}

extension Session {
    /// Runs one command on a fresh channel; stdout and stderr are read separately as they arrive.
    ///
    /// The command runs as `echo $$` followed by the command itself in the login shell: sshd
    /// starts that shell with setsid, so `$$` is the process group of everything the command
    /// starts. On timeout a second channel kills that group (libssh2 1.10 cannot signal a channel).
    func exec(_ request: ExecRequest) throws(SSHError) -> CommandResult {
        let started = ContinuousClock.now
        let setupDeadline = started + target.connectTimeout
        let deadline = request.timeout.map { started + $0 }
        let channel = try callPointer("open channel", .channelFailure, deadline: setupDeadline) {
            gantry_ssh2_channel_open_session(raw)
        }
        defer { _ = try? call("free channel", .channelFailure, deadline: ContinuousClock.now + .seconds(2)) { libssh2_channel_free(channel) } }

        let wrapped = "echo $$\n" + request.command
        let length = UInt32(wrapped.utf8.count)
        try call("exec \(request.command)", .channelFailure, deadline: setupDeadline) {
            gantry_ssh2_channel_exec(channel, wrapped, length)
        }

        var output = ChannelOutput(collect: request.collect, onLine: request.onLine)
        var stdinOffset = 0
        var stdinClosed = false
        var timedOut = false
        var killDeadline: ContinuousClock.Instant?
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: 65536)
        defer { buffer.deallocate() }
        let operation = "run \(request.command)"

        while true {
            var progressed = false
            if !stdinClosed {
                let input = request.stdin ?? []
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
                while true {
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
                        throw error("\(operation) (read \(stream.rawValue))", .channelFailure, code: Int32(count))
                    }
                    break
                }
            }
            if libssh2_channel_eof(channel) != 0 { break }

            // Checked even while output flows: a command printing forever must still time out.
            let now = ContinuousClock.now
            if let deadline, !timedOut, now >= deadline {
                timedOut = true
                killProcessGroup(output.processGroup)
                // Give the killed command a moment to close the channel so its signal is reported.
                killDeadline = now + .seconds(3)
                // The kill ran on this session: channel data and EOF may already be queued here.
                continue
            }
            if let killDeadline, now >= killDeadline { break }
            if progressed { continue }
            // Reading one stream can queue packets of the other inside libssh2; poll() would not see them.
            if libssh2_poll_channel_read(channel, 0) != 0 || libssh2_poll_channel_read(channel, 1) != 0 { continue }
            let wakeUp = killDeadline ?? deadline
            try waitForSocket(operation, deadline: nil, limit: wakeUp.map { max(.milliseconds(1), $0 - now) })
        }
        output.finish()

        let closeDeadline = ContinuousClock.now + .seconds(5)
        try call("\(operation) (close channel)", .channelFailure, deadline: closeDeadline) { gantry_ssh2_channel_close(channel) }
        if !timedOut || libssh2_channel_eof(channel) != 0 {
            try call("\(operation) (wait for close)", .channelFailure, deadline: closeDeadline) { gantry_ssh2_channel_wait_closed(channel) }
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
                             timedOut: timedOut, stdout: output.stdout, stderr: output.stderr,
                             duration: ContinuousClock.now - started)
    }

    /// Stops a timed-out command's whole process group from a second channel: TERM, then KILL.
    private func killProcessGroup(_ group: Int32?) {
        guard let group, group > 1 else { return }
        let command = "kill -TERM -- -\(group) 2>/dev/null; sleep 0.3; kill -KILL -- -\(group) 2>/dev/null; true"
        let kill = ExecRequest(command: command, timeout: .seconds(10), collect: false)
        _ = try? exec(kill)
    }
}

/// Collects and streams one channel's output; strips the process-group line Gantry prepends.
private struct ChannelOutput {
    let collect: Bool
    let onLine: (@Sendable (OutputLine) -> Void)?
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var processGroup: Int32?
    private var header: [UInt8] = []
    private var headerDone = false
    private var stdoutLines = LineSplitter(stream: .stdout)
    private var stderrLines = LineSplitter(stream: .stderr)

    init(collect: Bool, onLine: (@Sendable (OutputLine) -> Void)?) {
        self.collect = collect
        self.onLine = onLine
    }

    mutating func feed(_ stream: OutputLine.Stream, _ bytes: UnsafeBufferPointer<UInt8>) {
        var bytes = bytes
        if stream == .stdout && !headerDone {
            guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
                header.append(contentsOf: bytes)
                return
            }
            header.append(contentsOf: bytes[..<newline])
            headerDone = true
            processGroup = Int32(String(decoding: header, as: UTF8.self).trimmingCharacters(in: .whitespaces))
            bytes = UnsafeBufferPointer(rebasing: bytes[(newline + 1)...])
        }
        if collect {
            if stream == .stdout { stdout.append(contentsOf: bytes) } else { stderr.append(contentsOf: bytes) }
        }
        guard let onLine else { return }
        let lines = stream == .stdout ? stdoutLines.feed(bytes) : stderrLines.feed(bytes)
        lines.forEach(onLine)
    }

    mutating func finish() {
        guard let onLine else { return }
        if let line = stdoutLines.finish() { onLine(line) }
        if let line = stderrLines.finish() { onLine(line) }
    }
}
