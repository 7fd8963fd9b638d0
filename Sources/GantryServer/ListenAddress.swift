import Foundation

/// Where `gantry serve` listens: `HOST:PORT`, `[IPv6]:PORT`.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    /// Loopback on port 8420: reachable only from this machine (a reverse proxy in front).
    public static let standard = ListenAddress(host: "127.0.0.1", port: 8420)

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Reads `HOST:PORT` (`127.0.0.1:8420`, `0.0.0.0:80`, `[::1]:8420`); nil for anything else.
    /// Port 0 asks the system for a free port.
    public init?(parsing text: String) {
        let host: Substring
        let port: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            port = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace), let number = Int(port), (0...65535).contains(number),
              port.allSatisfy(\.isASCII) else { return nil }
        self.host = String(host)
        self.port = number
    }

    /// Whether only this machine can connect (127.0.0.0/8, `::1`, `localhost`).
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
