import Foundation
import GantryEngine

/// `GET /deployments/{id}`: one deployment and the stored output of every step, masked.
struct LogPage {
    let deployment: Engine.DeploymentRecord
    let steps: [Engine.StepRecord]
    let masker: SecretMasker

    private func e(_ text: String) -> String { masker.html(text) }

    func render() -> String {
        let run = deployment
        var body = """
            <p><a href="/">← status</a></p>
            <h1>#\(run.id) \(e(run.kind.rawValue)) \(e(run.pipeline)) \(e(run.artifactTag)) to \(e(run.environment))</h1>
            <p><span class="\(run.status.rawValue)">\(e(run.status.rawValue))</span> · by \(e(run.actor)) via \(e(run.trigger.rawValue)) \
            · commit <code>\(e(run.commit))</code> · started \(e(PageText.iso(run.startedAt)))\
            \(run.finishedAt.map { " · finished \(e(PageText.iso($0)))" } ?? "")\
            \(run.step.map { " · at <span class=\"step\">\(e($0))</span>" } ?? "")</p>
            """
        if let message = run.message { body += "<pre class=\"message\">\(e(message))</pre>" }
        if steps.isEmpty { body += "<p class=\"muted\">No step output recorded.</p>" }
        for step in steps {
            let exit = step.exitStatus.map { ", exit \($0)" } ?? ""
            body += "<h3>\(e(step.host)) · \(e(step.step)) <span class=\"\(e(step.outcome))\">[\(e(step.outcome))\(exit)"
                + (step.attempt > 1 ? ", attempt \(step.attempt)" : "") + "]</span></h3>"
            if !step.output.isEmpty { body += "<pre>\(e(step.output))</pre>" }
        }
        return HTML.page(title: "Gantry #\(run.id)", body: body, live: !run.status.isFinished)
    }
}
