import Foundation
import GantryTestSupport
import Testing
@testable import GantryStore

/// The webhook queue, the remote heads, and the rebuilt deployment table that takes the
/// `webhook` and `recovered` triggers.
@Suite struct WebhookStoreTests {
    static let t0 = StoreFixture.t0

    func delivery(_ id: String, provider: String = "github") -> NewWebhookDelivery {
        NewWebhookDelivery(provider: provider, delivery: id, receivedAt: Self.t0, pipelines: ["webshop"],
                           repository: "org/webshop", refs: "\(String(repeating: "0", count: 40)) \(String(repeating: "a", count: 40)) refs/heads/main\n")
    }

    @Test func aDeliveryIdIsQueuedOnce() throws {
        let fixture = try StoreFixture()
        guard case let .queued(first) = try fixture.store.enqueueDelivery(delivery("d-1")) else {
            Issue.record("the first delivery was not queued")
            return
        }
        #expect(first.state == .queued && first.pipelines == ["webshop"] && first.repository == "org/webshop")
        guard case let .duplicate(again) = try fixture.store.enqueueDelivery(delivery("d-1")) else {
            Issue.record("a replayed delivery id was queued again")
            return
        }
        #expect(again.id == first.id)
        // The same id from another provider is another delivery.
        guard case .queued = try fixture.store.enqueueDelivery(delivery("d-1", provider: "gitea")) else {
            Issue.record("ids are per provider")
            return
        }
        #expect(try fixture.sqlite("SELECT count(*) FROM webhook_delivery") == "2")
    }

    @Test func workersTakeDeliveriesInOrderAndNeverTheSameOne() throws {
        let fixture = try StoreFixture()
        for id in ["a", "b", "c"] { _ = try fixture.store.enqueueDelivery(delivery(id)) }
        let one = try #require(try fixture.store.claimNextDelivery(worker: "host pid 1", now: Self.t0))
        let two = try #require(try fixture.store.claimNextDelivery(worker: "host pid 2", now: Self.t0))
        #expect(one.delivery == "a" && two.delivery == "b")
        #expect(one.state == .running && one.claimedBy == "host pid 1")
        try fixture.store.finishDelivery(id: one.id, state: .done, message: "ran", now: Self.t0)
        try fixture.store.finishDelivery(id: two.id, state: .queued, message: "stopped", now: Self.t0)
        // A delivery put back is taken again before the newer one.
        #expect(try fixture.store.claimNextDelivery(worker: "host pid 3", now: Self.t0)?.delivery == "b")
        #expect(try fixture.store.claimNextDelivery(worker: "host pid 3", now: Self.t0)?.delivery == "c")
        #expect(try fixture.store.claimNextDelivery(worker: "host pid 3", now: Self.t0) == nil)
        #expect(try fixture.store.pendingDeliveryCount() == 2)
    }

    @Test func abandonedDeliveriesGoBackToTheQueue() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.enqueueDelivery(delivery("a"))
        _ = try fixture.store.enqueueDelivery(delivery("b"))
        _ = try fixture.store.claimNextDelivery(worker: "host pid 111", now: Self.t0)
        _ = try fixture.store.claimNextDelivery(worker: "host pid 222", now: Self.t0)
        let back = try fixture.store.requeueAbandonedDeliveries { $0 == "host pid 111" }
        #expect(back.map(\.delivery) == ["a"])
        #expect(try fixture.store.claimNextDelivery(worker: "host pid 3", now: Self.t0)?.delivery == "a")
    }

    @Test func remoteHeadsBaselineAndUpdates() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        #expect(try store.remoteBaseline(pipeline: "webshop") == nil)
        try store.recordRemoteHead(pipeline: "webshop", ref: "refs/heads/main", sha: "b1", via: .webhook, now: Self.t0)
        try store.recordBaseline(pipeline: "webshop", remote: "git@host:org/webshop.git",
                                 heads: ["refs/heads/main": "a1", "refs/tags/v1": "t1"], now: Self.t0)
        var heads = try store.remoteHeads(pipeline: "webshop")
        // A head a delivery processed before the first look is kept.
        #expect(heads["refs/heads/main"]?.sha == "b1" && heads["refs/heads/main"]?.via == .webhook)
        #expect(heads["refs/tags/v1"]?.via == .baseline)
        try store.recordRemoteHead(pipeline: "webshop", ref: "refs/tags/v1", sha: nil, via: .listed, now: Self.t0)
        try store.noteReconcile(pipeline: "webshop", at: Self.t0.addingTimeInterval(60), error: "unreachable")
        heads = try store.remoteHeads(pipeline: "webshop")
        #expect(heads.keys.sorted() == ["refs/heads/main"])
        #expect(try store.remoteBaseline(pipeline: "webshop")?.error == "unreachable")
        // Another remote starts over: its heads replace the old ones.
        try store.recordBaseline(pipeline: "webshop", remote: "git@host:org/other.git", heads: ["refs/heads/dev": "d1"], now: Self.t0)
        #expect(try store.remoteHeads(pipeline: "webshop").keys.sorted() == ["refs/heads/dev"])
        #expect(try store.remoteBaseline(pipeline: "webshop")?.error == nil)
    }

    @Test func deploymentsRecordWebhookAndRecoveredTriggers() throws {
        let fixture = try StoreFixture()
        for trigger in [DeploymentTrigger.webhook, .recovered] {
            var new = fixture.newDeployment("development", "v-\(trigger.rawValue)")
            new.trigger = trigger
            let deployment = try fixture.store.createDeployment(new)
            #expect(try fixture.store.deployment(id: deployment.id)?.trigger == trigger)
        }
        #expect(throws: (any Error).self) {
            try fixture.sqlite("""
                INSERT INTO deployment (pipeline, environment, artifact_tag, commit_sha, kind, status, actor, started_at, trigger)
                VALUES ('w', 'e', 't', 'c', 'deploy', 'running', 'a', '2026-01-01', 'carrier-pigeon')
                """)
        }
    }

    /// A store the previous Gantry wrote (the old CHECK, no webhook tables), with deployments,
    /// step results and a request pointing at them, opened by this one.
    @Test func theRebuiltDeploymentTableKeepsEveryRowReferenceAndIndex() throws {
        let fresh = try StoreFixture()
        // Index statements with their white space folded (the old store's were written differently).
        func indexes(_ fixture: StoreFixture) throws -> [String] {
            try fixture.sqlite("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deployment' ORDER BY name")
                .split(separator: "\n").map { name in
                    try fixture.sqlite("SELECT sql FROM sqlite_master WHERE name = '\(name)'")
                        .replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
                }
        }
        let expectedIndexes = try indexes(fresh)
        let columns = "SELECT group_concat(name || ' ' || type || ' ' || \"notnull\", ', ') FROM pragma_table_info('deployment')"
        let expectedColumns = try fresh.sqlite(columns)
        #expect(expectedIndexes.count == 6)

        let old = try StoreFixture()
        try fixtureAsPreviousVersion(old)
        try old.sqlite("""
            PRAGMA foreign_keys = ON;
            INSERT INTO deployment (id, pipeline, environment, artifact_tag, commit_sha, kind, status, actor, started_at,
                                    finished_at, trigger, message, hosts, step)
            VALUES (7, 'webshop', 'production', 'v1', 'c1', 'promote', 'succeeded', 'alice', '2026-11-02 10:00:00.000',
                    '2026-11-02 10:01:00.000', 'hook', 'ok', '["web-1"]', NULL),
                   (8, 'webshop', 'production', 'v2', 'c2', 'deploy', 'running', 'bob', '2026-11-03 10:00:00.000',
                    NULL, 'schedule', NULL, NULL, 'migrate on web-1');
            INSERT INTO step_result (deployment_id, host, step, attempt, exit_status, started_at, finished_at, outcome, output)
            VALUES (7, 'web-1', 'migrate', 1, 0, '2026-11-02 10:00:00.000', '2026-11-02 10:00:30.000', 'succeeded', 'done');
            INSERT INTO promotion_request (pipeline, environment, artifact_tag, requester, created_at, state, deployment_id)
            VALUES ('webshop', 'production', 'v1', 'alice', '2026-11-02 09:00:00.000', 'executed', 7);
            """)
        let store = try StateStore.open(path: old.path)
        let seven = try #require(try store.deployment(id: 7))
        #expect(seven.trigger == .hook && seven.hosts == ["web-1"] && seven.message == "ok" && seven.status == .succeeded)
        #expect(try store.deployment(id: 8)?.step == "migrate on web-1")
        #expect(try store.stepResults(deploymentID: 7).map(\.output) == ["done"])
        #expect(try old.sqlite("PRAGMA foreign_key_check") == "")
        #expect(try indexes(old) == expectedIndexes)
        #expect(try old.sqlite(columns) == expectedColumns)
        #expect(try old.sqlite("SELECT sql FROM sqlite_master WHERE name = 'deployment'")
            .contains("CHECK (trigger IN ('cli','hook','schedule','webhook','recovered'))"))
        // New ids continue after the copied ones.
        var next = old.newDeployment("staging", "v3")
        next.trigger = .webhook
        #expect(try store.createDeployment(next).id == 9)
    }

    /// Turns a fresh store into what the previous Gantry left: the deployment table with the old
    /// trigger CHECK, and neither the webhook tables nor their migrations.
    private func fixtureAsPreviousVersion(_ fixture: StoreFixture) throws {
        try fixture.sqlite("""
            DROP TABLE webhook_delivery; DROP TABLE remote_head; DROP TABLE remote_baseline;
            DELETE FROM grdb_migrations WHERE identifier IN
                ('2026-12-06 webhook and recovered triggers', '2026-12-06 webhook deliveries and remote heads');
            CREATE TABLE deployment_old (
                id INTEGER PRIMARY KEY AUTOINCREMENT, pipeline TEXT NOT NULL, environment TEXT NOT NULL,
                artifact_tag TEXT NOT NULL, digest TEXT, commit_sha TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('deploy','promote','rollback','config-only')),
                status TEXT NOT NULL CHECK (status IN ('pending','running','succeeded','failed','errored','aborted','interrupted')),
                actor TEXT NOT NULL, started_at DATETIME NOT NULL, finished_at DATETIME, previous_tag TEXT, override_reason TEXT,
                trigger TEXT NOT NULL CHECK (trigger IN ('cli','hook','schedule')), message TEXT, hosts TEXT, step TEXT);
            DROP TABLE deployment;
            ALTER TABLE deployment_old RENAME TO deployment;
            CREATE INDEX deployment_history ON deployment (pipeline, environment, id);
            CREATE INDEX deployment_pipeline_history ON deployment (pipeline, id);
            CREATE INDEX deployment_success ON deployment (pipeline, environment, id)
                WHERE status = 'succeeded' AND kind <> 'config-only';
            CREATE INDEX deployment_success_tag ON deployment (pipeline, environment, artifact_tag)
                WHERE status = 'succeeded' AND kind <> 'config-only';
            CREATE INDEX deployment_active ON deployment (pipeline, environment) WHERE status IN ('pending','running');
            CREATE INDEX deployment_rollback ON deployment (pipeline, environment, id)
                WHERE status = 'succeeded' AND kind = 'rollback';
            """)
        #expect(throws: (any Error).self) {
            try fixture.sqlite("""
                INSERT INTO deployment (pipeline, environment, artifact_tag, commit_sha, kind, status, actor, started_at, trigger)
                VALUES ('w', 'e', 't', 'c', 'deploy', 'running', 'a', '2026-01-01', 'webhook')
                """)
        }
    }
}
