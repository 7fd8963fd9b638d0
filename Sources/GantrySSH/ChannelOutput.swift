import Foundation
import GantryShell

/// Collects and streams one channel's output; takes out the framed process-group line.
struct ChannelOutput {
    /// Banner text held back while looking for the marker, at most this much.
    static let markerSearchLimit = 65536

    let marker: [UInt8]
    let collect: Bool
    let onLine: (@Sendable (OutputLine) -> Void)?
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var processGroup: Int32?
    /// stdout held back until the marker line is seen (nil once it was, or once the search ended).
    private var held: [UInt8]? = []
    private var stdoutLines = LineSplitter()
    private var stderrLines = LineSplitter()

    init(marker: String, collect: Bool, onLine: (@Sendable (OutputLine) -> Void)?) {
        self.marker = Array((marker + " ").utf8)
        self.collect = collect
        self.onLine = onLine
    }

    mutating func feed(_ stream: OutputLine.Stream, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard stream == .stdout, var pending = held else {
            pass(stream, Array(bytes))
            return
        }
        pending += bytes
        if let framed = RemoteScript.frame(pending, marker: marker) {
            held = nil
            processGroup = framed.group
            // A banner printed without a newline ends its own line; it never joins the command's first.
            let before = framed.before
            pass(.stdout, before.isEmpty || before.last == UInt8(ascii: "\n") ? before : before + [UInt8(ascii: "\n")])
            pass(.stdout, framed.after)
        } else if pending.count > Self.markerSearchLimit {
            // Not a POSIX shell, or a huge banner: show everything, kill nothing.
            held = nil
            pass(.stdout, pending)
        } else {
            held = pending
        }
    }

    mutating func finish() {
        if let pending = held, !pending.isEmpty { pass(.stdout, pending) }
        held = nil
        guard let onLine else { return }
        if let line = stdoutLines.finish() { onLine(OutputLine(stream: .stdout, text: line)) }
        if let line = stderrLines.finish() { onLine(OutputLine(stream: .stderr, text: line)) }
    }

    private mutating func pass(_ stream: OutputLine.Stream, _ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if collect {
            if stream == .stdout { stdout += bytes } else { stderr += bytes }
        }
        guard let onLine else { return }
        let lines = bytes.withUnsafeBufferPointer { stream == .stdout ? stdoutLines.feed($0) : stderrLines.feed($0) }
        for line in lines { onLine(OutputLine(stream: stream, text: line)) }
    }
}
