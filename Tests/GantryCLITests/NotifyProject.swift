import Foundation
import GantryTestSupport

/// A deploy project over the test sshd whose notifications go to a ``WebhookReceiver`` on loopback.
enum NotifyProject {
    /// The receiver's URLs name this secret, so a test can see it resolved in the path and masked everywhere else.
    static let token = "t0ken-9f2c"
    static let dbPassword = "s3cret"

    /// - Parameters:
    ///   - notify: the pipeline's `notify:` entries (YAML list items); `RECEIVER` becomes the receiver's address.
    ///   - stagingWindows: a `windows:` mapping for staging, if any.
    static func make(receiver: WebhookReceiver, notify: String, stagingWindows: String? = nil) throws -> DeployProject {
        let p = try DeployProject(secrets: "[DB_PASSWORD, HOOK_TOKEN]",
                                  productionApproval: "{ required: 1, self_approval: true }")
        p.environment["GANTRY_SECRET_HOOK_TOKEN"] = token
        let file = p.pipelinesPath + "/shop.yml"
        var text = try String(contentsOfFile: file, encoding: .utf8)
        if let stagingWindows {
            text = text.replacingOccurrences(
                of: "  staging: { from: development, hosts: [stage-1], vars: { LOG_LEVEL: debug } }",
                with: "  staging: { from: development, hosts: [stage-1], vars: { LOG_LEVEL: debug }, windows: \(stagingWindows) }")
        }
        text += "\nnotify:\n" + notify.replacingOccurrences(of: "RECEIVER", with: "http://127.0.0.1:\(receiver.port)") + "\n"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let check = try p.gantry("validate")
        guard check.status == 0 else { throw BuildFailed(status: check.status, output: "pipeline invalid: \(check.stderr)") }
        return p
    }

    /// The outbox as `id|delivery_key|event|deployment|state|attempts` lines, read with the sqlite3 shell.
    static func outbox(_ p: DeployProject) throws -> [[String]] {
        let result = try ChildProcess.run("sqlite3", [p.statePath,
            "SELECT id, delivery_key, event, COALESCE(deployment_id, ''), state, attempts FROM notification_outbox ORDER BY id"])
        return result.stdout.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Waits until `receiver` has accepted `count` notifications (one per key). The end of each
    /// command sends for at most 3 s, which a loaded machine may not finish in: what is left is
    /// sent by a `scheduler run`, stopped by PID once everything arrived.
    static func drain(_ p: DeployProject, _ receiver: WebhookReceiver, count: Int) async throws {
        if receiver.accepted.count >= count { return }
        let scheduler = try p.start("scheduler", "run")
        _ = await receiver.wait(seconds: 120) { _ in receiver.accepted.count >= count }
        kill(scheduler.pid, SIGTERM)
        _ = await scheduler.finished()
    }
}
