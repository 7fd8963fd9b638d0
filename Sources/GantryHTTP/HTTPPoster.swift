import Foundation
internal import AsyncHTTPClient
internal import NIOCore
internal import NIOHTTP1

/// POSTs a body to an http or https URL and reports the answer: the one place Gantry speaks HTTP
/// as a client.
///
/// Redirects are not followed (a webhook that redirects is misconfigured, and following one
/// would hand the body to another host); proxies from the environment are not used; every
/// request has a deadline that covers connecting, sending and reading the answer. Certificates
/// are verified against the system's trust store (Debian's `ca-certificates`).
public enum HTTPPoster {
    /// One process-wide client: it lives as long as the process, so it is never shut down.
    private static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                timeout: .init(connect: .seconds(5), read: .seconds(30))))

    /// The most of an answer's body that is kept (for error messages).
    public static let keptAnswerBytes = 2048

    /// Sends `body` to `url` with `headers` and waits at most `timeout` for the whole exchange.
    ///
    /// - Returns: the status code, the first bytes of the answer and its `Retry-After`, if any.
    /// - Throws: ``HTTPError`` when the URL is not http(s), the host cannot be reached, or the
    ///   deadline passes.
    public static func post(_ url: String, headers: [(String, String)], body: [UInt8],
                            timeout: Duration) async throws(HTTPError) -> HTTPAnswer {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parsed.host, !host.isEmpty else {
            throw .badURL("not an http:// or https:// URL with a host")
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.headers.replaceOrAdd(name: "Connection", value: "close")
        request.body = .bytes(ByteBuffer(bytes: body))
        let nanoseconds = max(Int64(timeout.components.seconds) * 1_000_000_000
                                  + Int64(timeout.components.attoseconds / 1_000_000_000), 1_000_000)
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(nanoseconds))
            var kept = ByteBuffer()
            for try await var chunk in response.body {
                if kept.readableBytes < keptAnswerBytes {
                    let take = min(chunk.readableBytes, keptAnswerBytes - kept.readableBytes)
                    if let slice = chunk.readSlice(length: take) { kept.writeImmutableBuffer(slice) }
                }
            }
            let text = kept.readString(length: kept.readableBytes) ?? ""
            return HTTPAnswer(status: Int(response.status.code), body: text,
                              retryAfter: response.headers.first(name: "Retry-After").flatMap(HTTPAnswer.seconds))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout
                    || error == .connectTimeout {
            throw .timedOut(timeout)
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .unreachable(Self.describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return error.description }
        return String(describing: error)
    }
}

/// A receiver's answer.
public struct HTTPAnswer: Sendable, Equatable {
    public var status: Int
    /// The first ``HTTPPoster/keptAnswerBytes`` bytes of the body, as text.
    public var body: String
    /// Seconds the receiver asked to wait before trying again (`Retry-After`), if it said.
    public var retryAfter: TimeInterval?

    public init(status: Int, body: String, retryAfter: TimeInterval? = nil) {
        self.status = status
        self.body = body
        self.retryAfter = retryAfter
    }

    /// `Retry-After` in seconds; the HTTP-date form is not used by webhook receivers and is ignored.
    static func seconds(_ text: String) -> TimeInterval? {
        Int(text.trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 ? TimeInterval($0) : nil }
    }
}

/// Why a request got no answer.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not one Gantry sends to.
    case badURL(String)
    /// No complete answer within the deadline.
    case timedOut(Duration)
    /// Connecting or talking to the receiver failed.
    case unreachable(String)
    /// The caller stopped waiting.
    case cancelled

    public var description: String {
        switch self {
        case let .badURL(why): "bad URL: \(why)"
        case let .timedOut(limit):
            "no answer within " + (Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18)
                .formatted(.number.precision(.fractionLength(0...1))) + " s"
        case let .unreachable(why): "cannot reach the receiver: \(why)"
        case .cancelled: "cancelled"
        }
    }
}
