import Foundation
import GantryHTTP

/// Sends one notification body. HTTP for real; tests put a recorder in its place.
public protocol NotificationTransport: Sendable {
    /// POSTs `body` to `url`, waiting at most `timeout` for the answer.
    func post(_ url: String, headers: [(String, String)], body: [UInt8],
              timeout: Duration) async throws(HTTPError) -> HTTPAnswer
}

/// The real transport: ``HTTPPoster``.
public struct HTTPTransport: NotificationTransport {
    public init() {}

    public func post(_ url: String, headers: [(String, String)], body: [UInt8],
                     timeout: Duration) async throws(HTTPError) -> HTTPAnswer {
        try await HTTPPoster.post(url, headers: headers, body: body, timeout: timeout)
    }
}

/// How notifications are sent: the transport, and when to try again or give up.
public struct NotificationSettings: Sendable {
    public var transport: any NotificationTransport
    /// The wait after the first failed attempt; it doubles with each further failure.
    public var firstRetry: TimeInterval
    /// The longest wait between attempts.
    public var longestRetry: TimeInterval
    /// A notification still undelivered this long after its event is given up.
    public var giveUpAfter: TimeInterval
    /// The longest one attempt may take (connect, send, answer).
    public var requestTimeout: TimeInterval
    /// Notifications of different streams sent at once.
    public var parallel: Int

    public init(transport: any NotificationTransport = HTTPTransport(), firstRetry: TimeInterval = 0.5,
                longestRetry: TimeInterval = 600, giveUpAfter: TimeInterval = 86_400, requestTimeout: TimeInterval = 10,
                parallel: Int = 4) {
        self.transport = transport
        self.firstRetry = firstRetry
        self.longestRetry = longestRetry
        self.giveUpAfter = giveUpAfter
        self.requestTimeout = requestTimeout
        self.parallel = parallel
    }

    /// The wait after attempt number `attempt` failed: 0.5 s, 1 s, 2 s, … up to ``longestRetry``.
    public func retryDelay(afterAttempt attempt: Int) -> TimeInterval {
        min(firstRetry * pow(2, Double(max(attempt, 1) - 1)), longestRetry)
    }
}
