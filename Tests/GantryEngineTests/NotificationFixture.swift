import Foundation
import GantryHTTP
import GantryShell
import GantryStore
@testable import GantryEngine

/// The in-memory twin of the HTTP transport: records what would be sent and answers from a script.
final class RecordingTransport: NotificationTransport, Sendable {
    struct Sent: Sendable {
        var url: String
        var headers: [String: String]
        var body: String
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
    }

    private let sent = Locked<[Sent]>([])
    /// Answers by the number of the request (from 1); 200 when nil.
    private let script: @Sendable (Int) -> Result<Int, HTTPError>

    init(script: @escaping @Sendable (Int) -> Result<Int, HTTPError> = { _ in .success(200) }) {
        self.script = script
    }

    var requests: [Sent] { sent.current }

    func post(_ url: String, headers: [(String, String)], body: [UInt8], timeout: Duration) async throws(HTTPError) -> HTTPAnswer {
        let number = sent.withLock { list in
            list.append(Sent(url: url, headers: Dictionary(headers, uniquingKeysWith: { $1 }),
                             body: String(decoding: body, as: UTF8.self)))
            return list.count
        }
        switch script(number) {
        case let .success(status): return HTTPAnswer(status: status, body: status < 300 ? "ok" : "no")
        case let .failure(error): throw error
        }
    }
}

/// A pipeline that notifies one JSON target about everything and one Slack target about requests.
enum NotifyPipeline {
    static let yaml = """
    version: 1
    name: shop
    hosts:
      dev-1: { address: 127.0.0.1, user: deploy }
      prod-1: { address: 127.0.0.1, user: deploy }
    secrets: [DB_PASSWORD, HOOK_TOKEN]
    vars: { RECEIVER: "http://127.0.0.1:9" }
    environments:
      development: { hosts: [dev-1] }
      production:
        from: development
        hosts: [prod-1]
        approval: { required: 1, approvers: [bob, carol] }
        notify:
          - { url: "https://slack.example/${secrets.HOOK_TOKEN}", format: slack, on: [requested] }
    steps:
      - name: switch
        run: "switch ${artifact.tag} ${secrets.DB_PASSWORD}"
    rollback:
      - run: "switch ${previous.tag}"
    notify:
      - { url: "${vars.RECEIVER}/${env.name}/${secrets.HOOK_TOKEN}" }
    """

    static let secrets = ["GANTRY_SECRET_DB_PASSWORD": "hunter2", "GANTRY_SECRET_HOOK_TOKEN": "T0KEN"]

    static func engine(_ f: EngineFixture, transport: RecordingTransport, actor: String = "alice",
                       environment: [String: String] = secrets) -> Engine {
        f.engine(actor: actor, environment: environment, notifications: NotificationSettings(transport: transport))
    }
}
