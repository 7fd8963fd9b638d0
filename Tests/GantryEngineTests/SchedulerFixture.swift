import Foundation
import GantryGates
import GantryModel
import GantryStore
@testable import GantryEngine

/// Scheduler tests: a pipeline whose production environment is scheduled, v1 deployed to
/// development, and passes run at chosen instants of a manual clock.
extension EngineFixture {
    /// The two-environment shop pipeline (dev-1 → prod-1, one `switch` step) whose `production`
    /// block gets `production` (lines indented by four spaces).
    static func shopPipeline(_ production: String) -> String {
        """
        version: 1
        name: shop
        hosts:
          dev-1: { address: 127.0.0.1, user: deploy }
          prod-1: { address: 127.0.0.1, user: deploy }
        environments:
          development: { hosts: [dev-1] }
          production:
            from: development
            hosts: [prod-1]
        \(production)
        steps:
          - name: switch
            run: "switch ${artifact.tag}"
        """
    }

    /// London windows Mon–Thu 09:00–17:00 with a holiday freeze, as `production` lines.
    static let londonWindows = """
            windows:
              timezone: Europe/London
              allow: [{ days: [mon, tue, wed, thu], from: "09:00", to: "17:00" }]
              freeze: [{ from: "2026-12-21T00:00", to: "2027-01-04T00:00", reason: "Holiday freeze" }]
        """

    /// A fixture at `start` with v1 built and deployed to development.
    static func scheduled(_ production: String, start: String = "2026-11-23T12:00:00Z") async throws -> EngineFixture {
        let f = try EngineFixture(pipeline: shopPipeline(production), now: try WindowFormat.parseISO8601(start))
        _ = f.host("dev-1"); _ = f.host("prod-1")
        try f.record("v1")
        let deployed = try await f.engine(actor: "ci").deploy(try f.pipeline(), to: "development", artifact: "v1")
        guard deployed.outcome == .succeeded else { throw EngineError(.failed, deployed.message) }
        return f
    }

    func pipelines() throws -> PipelineSet {
        try PipelineSet.load(directory: dir.url.appendingPathComponent("pipelines").path)
    }

    /// Replaces the pipeline file.
    func rewrite(_ yaml: String) throws {
        try yaml.write(to: dir.url.appendingPathComponent("pipelines/shop.yml"), atomically: true, encoding: .utf8)
    }

    /// One `scheduler tick` pass at `time`; the decisions that record something.
    @discardableResult
    func tick(at time: String, engine: Engine? = nil) async throws -> [ScheduleDecision] {
        clock.set(try WindowFormat.parseISO8601(time))
        return try await (engine ?? self.engine(actor: "svc")).schedulerTick(try pipelines()).decisions.filter { !$0.isNotice }
    }

    /// Every pass's notices too.
    func tickAll(at time: String) async throws -> [ScheduleDecision] {
        clock.set(try WindowFormat.parseISO8601(time))
        return try await engine(actor: "svc").schedulerTick(try pipelines()).decisions
    }

    var productionCommands: [String] { hosts["prod-1"]?.commands ?? [] }

    func slots() throws -> [ScheduleSlot] { try store.scheduleSlots(pipeline: "shop") }
}
