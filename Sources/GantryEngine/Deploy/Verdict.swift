import Foundation
import GantryStore

/// How a deployment ended: its stored status, the command's outcome, and why, for people.
struct Verdict {
    var status: DeploymentStatus
    var outcome: Engine.RunResult.Outcome
    var message: String

    /// The word recorded in the audit event.
    var auditOutcome: String { outcome == .interrupted ? "aborted" : status.rawValue }

    /// The verdict of a rollout that ran.
    init(_ report: RolloutReport, kind: DeploymentKind, env: String, tag: String, signal: Int32?) {
        let action = "\(kind.rawValue) of \(tag) to \(env)"
        if report.succeeded {
            self.init(status: .succeeded, outcome: .succeeded,
                      message: "\(action) succeeded on \(report.hostStates.count) host(s)")
            return
        }
        var parts: [String] = []
        let failed = report.hosts(in: .failed), errored = report.hosts(in: .errored)
        let stopped = report.hosts(in: .interrupted), untouched = report.hosts(in: .untouched)
        if !failed.isEmpty {
            parts.append("failed on " + failed.map { Self.why($0, report.failure(on: $0)) }.joined(separator: "; "))
        }
        if !errored.isEmpty {
            parts.append("connection lost or refused on " + errored.map { Self.why($0, report.failure(on: $0)) }.joined(separator: "; "))
        }
        if !stopped.isEmpty { parts.append("stopped on " + stopped.map { Self.why($0, report.failure(on: $0)) }.joined(separator: "; ")) }
        if (report.halted || report.interrupted) && !untouched.isEmpty {
            parts.append("\(report.interrupted ? "not started on" : "halted before") \(untouched.joined(separator: ", "))")
        }
        if !report.rollbackOutcomes.isEmpty {
            let ok = report.rollbackOutcomes.allSatisfy(\.passed)
            parts.append("rollback steps \(ok ? "ran" : "FAILED") on "
                + Array(Set(report.rollbackOutcomes.map(\.host))).sorted().joined(separator: ", "))
        }
        if report.interrupted {
            self.init(status: .aborted, outcome: .interrupted,
                      message: "\(action) aborted by \(Interruption.name(of: signal))"
                          + (parts.isEmpty ? "" : ": " + parts.joined(separator: "; ")))
            return
        }
        let status: DeploymentStatus = errored.isEmpty ? .failed : .errored
        self.init(status: status, outcome: errored.isEmpty ? .failed : .errored,
                  message: "\(action) \(status.rawValue): " + parts.joined(separator: "; "))
    }

    init(status: DeploymentStatus, outcome: Engine.RunResult.Outcome, message: String) {
        self.status = status
        self.outcome = outcome
        self.message = message
    }

    /// The pre-flight could not reach every host: nothing was touched.
    static func unreachable(_ hosts: [PreflightResult], kind: DeploymentKind, env: String, tag: String) -> Verdict {
        let list = HostFailure.grouped(hosts.map { ($0.host, $0.failure ?? HostFailure(cause: "other", reason: "unreachable")) })
            .joined(separator: "; ")
        return Verdict(status: .aborted, outcome: .errored,
                       message: "\(kind.rawValue) of \(tag) to \(env) aborted before any host was touched: "
                           + "\(hosts.count) host(s) could not be reached: \(list)")
    }

    /// A signal arrived before any step ran.
    static func interruptedBeforeSteps(kind: DeploymentKind, env: String, tag: String, signal: Int32?) -> Verdict {
        Verdict(status: .aborted, outcome: .interrupted,
                message: "\(kind.rawValue) of \(tag) to \(env) aborted by \(Interruption.name(of: signal)) before any host was touched")
    }


    private static func why(_ host: String, _ outcome: StepOutcome?) -> String {
        guard let outcome else { return host }
        let step = outcome.step == HostStepRunner.connectStep ? "connect" : "step '\(outcome.recordedName)'"
        return "\(host): \(step) \(outcome.note ?? outcome.status.rawValue)"
    }
}
