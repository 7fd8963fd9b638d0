import Foundation
import GantryHTTP
import GantryTestSupport
import Testing

/// The HTTP client against a real server on loopback.
@Suite struct HTTPPosterTests {
    @Test func postsTheBodyAndHeadersAndReadsTheAnswer() async throws {
        let receiver = try WebhookReceiver { _ in .status(201) }
        let answer = try await HTTPPoster.post(receiver.url("/hook?x=1"), headers: [("Idempotency-Key", "k1")],
                                               body: Array("{\"a\":1}".utf8), timeout: .seconds(5))
        #expect(answer.status == 201)
        #expect(answer.body == "{\"ok\": true}")
        let request = try #require(receiver.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/hook?x=1")
        #expect(request.idempotencyKey == "k1")
        #expect(request.body == "{\"a\":1}")
    }

    @Test func aReceiverThatNeverAnswersTimesOut() async throws {
        let receiver = try WebhookReceiver { _ in .hold }
        defer { receiver.stop() }
        await #expect(throws: HTTPError.timedOut(.milliseconds(500))) {
            _ = try await HTTPPoster.post(receiver.url(), headers: [], body: [], timeout: .milliseconds(500))
        }
        #expect(HTTPError.timedOut(.milliseconds(500)).description == "no answer within 0.5 s")
    }

    @Test func onlyHTTPAndHTTPSAreSentTo() async throws {
        for url in ["ftp://127.0.0.1/x", "file:///etc/passwd", "http+unix://%2Ftmp%2Fs/x", "not a url", "http://"] {
            await #expect(throws: HTTPError.self, "\(url)") {
                _ = try await HTTPPoster.post(url, headers: [], body: [], timeout: .seconds(1))
            }
        }
    }

    @Test func aClosedPortIsUnreachable() async throws {
        let receiver = try WebhookReceiver()
        let url = receiver.url()
        receiver.stop()
        do {
            _ = try await HTTPPoster.post(url, headers: [], body: [], timeout: .seconds(5))
            Issue.record("a closed port answered")
        } catch {
            guard case .unreachable = error else { Issue.record("expected unreachable, got \(error)"); return }
        }
    }

    @Test func redirectsAreNotFollowed() async throws {
        let receiver = try WebhookReceiver { _ in .status(302) }
        let answer = try await HTTPPoster.post(receiver.url(), headers: [], body: [], timeout: .seconds(5))
        #expect(answer.status == 302)
        #expect(receiver.requests.count == 1)
    }
}
