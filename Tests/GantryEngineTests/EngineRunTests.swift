import Foundation
import GantryShell
import Testing
import GantryStore
@testable import GantryEngine

@Suite struct EngineRunTests {
    static let pipeline = """
    version: 1
    name: shop
    hosts:
      dev-1: { address: 127.0.0.1, user: deploy }
      stage-1: { address: 127.0.0.1, user: deploy }
      prod-1: { address: 127.0.0.1, user: deploy }
      prod-2: { address: 127.0.0.1, user: deploy }
      prod-3: { address: 127.0.0.1, user: deploy }
    groups:
      prod: [prod-1, prod-2, prod-3]
    secrets: [DB_PASSWORD]
    environments:
      development: { hosts: [dev-1] }
      staging: { from: development, hosts: [stage-1] }
      production:
        from: staging
        hosts: [prod]
        rollout: { batch: 1, halt_on_failure: true }
    steps:
      - name: migrate
        run_once: true
        run: "migrate --tag ${artifact.tag} --password ${secrets.DB_PASSWORD}"
      - name: switch
        run: "switch ${artifact.tag} on ${host.name}"
    rollback:
      - run: "switch ${previous.tag} on ${host.name}"
    """

    let secrets = ["GANTRY_SECRET_DB_PASSWORD": "pa'ss word"]

    @Test func deployThenPromoteMovesTheSameArtifact() async throws {
        let f = try EngineFixture(pipeline: Self.pipeline)
        for name in ["dev-1", "stage-1"] { _ = f.host(name) }
        try f.record("v1")
        let pipeline = try f.pipeline()
        let deployed = try await f.engine(environment: secrets).deploy(pipeline, to: "development", artifact: "v1")
        #expect(deployed.outcome == .succeeded)
        // The secret is a shell variable in the command; its value travels beside it, never inside.
        #expect(f.hosts["dev-1"]!.commands == ["migrate --tag v1 --password \"${__gantry_secret_DB_PASSWORD}\"", "switch v1 on dev-1"])
        #expect(f.hosts["dev-1"]!.variables.first == [ShellVariable(name: "__gantry_secret_DB_PASSWORD", value: "pa'ss word")])
        #expect(f.hosts["dev-1"]!.variables.last == [])

        let promoted = try await f.engine(environment: secrets).promote(pipeline, to: "staging")
        #expect(promoted.outcome == .succeeded)
        #expect(promoted.deployment?.artifactTag == "v1")
        #expect(try f.store.currentDeployment(pipeline: "shop", environment: "staging")?.artifactTag == "v1")
        let history = try f.store.history(pipeline: "shop")
        #expect(history.map(\.status) == [.succeeded, .succeeded])
        let audit = try f.store.auditEvents()
        #expect(audit.map(\.entry.action) == ["deploy", "promote"])
        #expect(!audit.contains { $0.entry.details.contains("pa'ss") })
    }

    @Test func promotionOfAnArtifactThatSkippedItsFromEnvironmentIsRefused() async throws {
        let f = try EngineFixture(pipeline: Self.pipeline)
        _ = f.host("stage-1")
        try f.record("v2")
        let result = try await f.engine(environment: secrets).promote(try f.pipeline(), to: "staging", artifact: "v2")
        #expect(result.outcome == .blocked)
        #expect(result.outcome == .blocked)
        #expect(result.gates.blocking.map(\.gate) == [.path])
        #expect(result.message.contains("path: v2 has not succeeded in development (nothing has succeeded in development yet) — deploy v2 to development first"))
        #expect(f.hosts["stage-1"]!.commands.isEmpty)
        #expect(try f.store.history(pipeline: "shop").isEmpty)
    }

    @Test func gitBranchInAStepStopsTheDeploymentBeforeAnyHostIsTouched() async throws {
        let yaml = Self.pipeline.replacingOccurrences(of: "run: \"switch ${artifact.tag} on ${host.name}\"",
                                                      with: "run: \"rm -rf /srv/app/${git.branch}\"")
        let f = try EngineFixture(pipeline: yaml)
        _ = f.host("dev-1")
        try f.record("v1")
        let pipeline = try f.pipeline()
        do {
            _ = try await f.engine(environment: secrets).deploy(pipeline, to: "development", artifact: "v1")
            Issue.record("a step with ${git.branch} ran in a deployment")
        } catch {
            #expect(error.severity == .usage)
            #expect(error.message.contains("aborted before any host was touched"))
            #expect(error.message.contains("step 'switch' on dev-1"))
            #expect(error.message.contains("no value for '${git.branch}'"))
        }
        #expect(f.hosts["dev-1"]!.commands.isEmpty)
    }

    @Test func anEmptySecretStopsEverythingBeforeAnyHostIsTouched() async throws {
        let f = try EngineFixture(pipeline: Self.pipeline)
        _ = f.host("dev-1")
        try f.record("v1")
        let pipeline = try f.pipeline()
        do {
            _ = try await f.engine(environment: ["GANTRY_SECRET_DB_PASSWORD": ""])
                .deploy(pipeline, to: "development", artifact: "v1")
            Issue.record("deployed with an empty secret")
        } catch {
            #expect(error.severity == .usage)
            #expect(error.message.hasPrefix("empty secret for environment 'development': DB_PASSWORD "
                + "(DB_PASSWORD is empty in GANTRY_SECRET_DB_PASSWORD; an empty secret is an error)"))
        }
        #expect(f.hosts["dev-1"]!.commands.isEmpty)
        #expect(try f.store.history(pipeline: "shop").isEmpty)
    }

    @Test func missingSecretsStopEverythingBeforeAnyHostIsTouched() async throws {
        let f = try EngineFixture(pipeline: Self.pipeline)
        _ = f.host("dev-1")
        try f.record("v1")
        await #expect(throws: EngineError.self) {
            _ = try await f.engine().deploy(try f.pipeline(), to: "development", artifact: "v1")
        }
        #expect(f.hosts["dev-1"]!.commands.isEmpty)
    }

    @Test func secondBatchFailureRollsBackTheFirstAndRecordsFailed() async throws {
        let f = try EngineFixture(pipeline: Self.pipeline)
        for name in ["dev-1", "stage-1", "prod-1", "prod-2", "prod-3"] { _ = f.host(name) }
        let pipeline = try f.pipeline()
        for tag in ["v1", "v2"] {
            try f.record(tag, commit: String(repeating: tag == "v1" ? "a" : "b", count: 40))
            _ = try await f.engine(environment: secrets).deploy(pipeline, to: "development", artifact: tag)
            _ = try await f.engine(environment: secrets).promote(pipeline, to: "staging", artifact: tag)
        }
        _ = try await f.engine(environment: secrets).promote(pipeline, to: "production", artifact: "v1")
        for name in ["prod-1", "prod-2", "prod-3"] { f.hosts[name]!.clear() }
        f.hosts["prod-2"]!.responder = { command in
            .init(lines: [(.stderr, "disk full")], result: RemoteResult(exitStatus: command.hasPrefix("switch v2") ? 1 : 0))
        }
        let result = try await f.engine(environment: secrets).promote(pipeline, to: "production", artifact: "v2")
        #expect(result.outcome == .failed)
        #expect(result.outcome == .failed)
        #expect(f.hosts["prod-1"]!.commands == ["migrate --tag v2 --password \"${__gantry_secret_DB_PASSWORD}\"", "switch v2 on prod-1",
                                                "switch v1 on prod-1"])
        #expect(f.hosts["prod-2"]!.commands == ["switch v2 on prod-2", "switch v1 on prod-2"])
        #expect(f.hosts["prod-3"]!.commands.isEmpty)
        #expect(result.deployment?.status == .failed)
        #expect(result.message.contains("prod-2: step 'switch' exit 1"))
        #expect(result.message.contains("halted before prod-3"))
        #expect(try f.store.currentDeployment(pipeline: "shop", environment: "production")?.artifactTag == "v1")
        let steps = try f.store.stepResults(deploymentID: result.deployment!.id)
        #expect(steps.contains { $0.host == "prod-2" && $0.step == "switch" && $0.outcome == "failed" && $0.output.contains("disk full") })
        #expect(steps.contains { $0.host == "prod-1" && $0.step.hasPrefix("rollback:") })
    }

    @Test func aHeldLockRefusesWithTheHolderNamed() async throws {
        let f = try EngineFixture(pipeline: Self.pipeline)
        _ = f.host("dev-1")
        try f.record("v1")
        let other = try f.store.createDeployment(NewDeployment(pipeline: "shop", environment: "development", artifactTag: "v1",
                                                               commit: "a", kind: .deploy, actor: "bob", startedAt: f.clock.now()))
        _ = try await f.store.acquireLock(pipeline: "shop", environment: "development", deployment: other.id, pid: getpid(),
                                    host: Identity.hostName(), actor: "bob", now: f.clock.now())
        let result = try await f.engine(environment: secrets).deploy(try f.pipeline(), to: "development", artifact: "v1")
        #expect(result.outcome == .blocked)
        #expect(result.message.contains("locked by deployment #\(other.id) (bob, pid \(getpid())"))
        #expect(result.deployment?.status == .aborted)
        #expect(f.hosts["dev-1"]!.commands.isEmpty)
    }
}

@Suite struct EngineLockTakeoverTests {
    @Test func aLockWhoseHeartbeatWentStaleIsTakenOverWhileItsProcessStillExists() async throws {
        let f = try EngineFixture(pipeline: EngineRunTests.pipeline)
        _ = f.host("dev-1")
        try f.record("v1")
        // A live process that is not deploying anything: its lock must still go once the heartbeat is stale.
        let sleeper = try ProcessSpawner.spawn(["/bin/sleep", "30"], environment: nil)
        defer { kill(sleeper.pid, SIGKILL); _ = ProcessSpawner.wait(sleeper.pid); close(sleeper.stdout); close(sleeper.stderr) }
        let stuck = try f.store.createDeployment(NewDeployment(pipeline: "shop", environment: "development", artifactTag: "v1",
                                                               commit: "a", kind: .deploy, status: .running, actor: "bob",
                                                               startedAt: f.clock.now().addingTimeInterval(-120)))
        _ = try await f.store.acquireLock(pipeline: "shop", environment: "development", deployment: stuck.id,
                                          pid: sleeper.pid, host: Identity.hostName(), actor: "bob",
                                          now: f.clock.now().addingTimeInterval(-120))
        let result = try await f.engine(environment: ["GANTRY_SECRET_DB_PASSWORD": "x"])
            .deploy(try f.pipeline(), to: "development", artifact: "v1")
        #expect(result.outcome == .succeeded)
        #expect(try f.store.deployment(id: stuck.id)?.status == .interrupted)
        #expect(f.hosts["dev-1"]!.commands.count == 2)
    }
}
