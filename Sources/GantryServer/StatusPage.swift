import Foundation
import GantryEngine

/// `GET /`: per pipeline and environment, what runs where, what is running (its live step),
/// windows, open requests, schedules, the last deployments; then the audit chain and the newest
/// webhook deliveries. Every value is escaped and masked.
struct StatusPage {
    let overviews: [Engine.PipelineOverview]
    let deliveries: [Engine.DeliveryRecord]
    let audit: AuditState.Verdict?
    let masker: SecretMasker
    let now: Date
    let listen: String

    func render() -> String {
        var body = """
            <header><h1>Gantry</h1>
            <p class="muted">\(overviews.count) pipeline\(overviews.count == 1 ? "" : "s") · page built \(PageText.time(now, now: now)) \
            · <span id="live-note" class="live">updates every 15 s</span> · <a href="/api/status">JSON</a></p></header>
            """
        if overviews.isEmpty { body += "<p>No pipeline validates in the pipelines folder.</p>" }
        for overview in overviews { body += pipeline(overview) }
        body += auditSection() + deliverySection()
        return HTML.page(title: "Gantry status", body: body, live: true)
    }

    private func e(_ text: String) -> String { masker.html(text) }

    private func pipeline(_ overview: Engine.PipelineOverview) -> String {
        let name = overview.pipeline.name
        var html = "<section class=\"pipeline\" data-pipeline=\"\(e(name))\"><h2>\(e(name))</h2>"
        if let webhook = overview.pipeline.webhook {
            var line = "Push webhooks from \(e(webhook.provider.rawValue)) for <code>\(e(webhook.remote))</code>"
            if let remote = overview.remote {
                line += "; remote last read \(PageText.time(remote.reconciledAt, now: now))"
                if let error = remote.error { line += " — <span class=\"failed\">\(e(error))</span>" }
            } else {
                line += "; remote not read yet"
            }
            html += "<p class=\"muted\">\(line)</p>"
        }
        html += """
            <table class="environments"><thead><tr><th>Environment</th><th>Runs</th><th>Since</th><th>By</th>\
            <th>Window</th><th>Now</th><th>Requests</th></tr></thead><tbody>
            """
        for env in overview.environments { html += environmentRow(env, pipeline: name) }
        html += "</tbody></table>"
        if !overview.schedules.isEmpty { html += schedules(overview) }
        if !overview.parity.isEmpty { html += parity(overview) }
        html += history(overview)
        return html + "</section>"
    }

    private func environmentRow(_ env: Engine.EnvironmentStatus, pipeline: String) -> String {
        var runs = "<span class=\"muted\">nothing deployed</span>", since = "–", by = "–"
        if let current = env.current {
            runs = "<a href=\"/deployments/\(current.id)\"><strong>\(e(current.artifactTag))</strong></a> "
                + "<code>\(e(String(current.commit.prefix(7))))</code>"
            since = PageText.time(current.finishedAt ?? current.startedAt, now: now)
            by = "\(e(current.actor)) <span class=\"muted\">via \(e(current.trigger.rawValue))</span>"
        }
        var window = "<span class=\"muted\">always open</span>"
        if let status = env.window {
            window = status.isOpen
                ? "<span class=\"open\">open</span>" + (status.closesAt.map { "; closes \(PageText.time($0, now: now))" } ?? "")
                : "<span class=\"closed\">closed: \(e(status.reason))</span>" + (status.opensAt.map { "; opens \(PageText.time($0, now: now))" } ?? "")
        }
        let running = env.active.map { run -> String in
            "<div class=\"run \(run.status.rawValue)\" data-deployment=\"\(run.id)\"><a href=\"/deployments/\(run.id)\">#\(run.id)</a> "
                + "\(e(run.kind.rawValue)) \(e(run.artifactTag)) by \(e(run.actor)): "
                + (run.step.map { "<span class=\"step\">\(e($0))</span>" } ?? (run.status.rawValue == "pending" ? "waiting for the lock" : "starting"))
                + "</div>"
        }.joined()
        let requests = env.requests.map { status -> String in
            let request = status.request
            let approvals = status.approvedBy.isEmpty ? "no approvals yet" : "approved by " + status.approvedBy.map(e).joined(separator: ", ")
            let rest: String
            if let superseded = status.superseded {
                rest = "<span class=\"muted\">superseded: \(e(superseded.reason(tag: request.artifactTag)))</span>"
            } else if request.state.rawValue == "approved" {
                rest = "approved, waiting to run"
            } else {
                rest = "needs \(status.status.missing) more from \(e(status.status.candidates.description))"
            }
            return "<div class=\"request\">#\(request.id) \(e(request.artifactTag)) by \(e(request.requester)): \(approvals); \(rest)</div>"
        }.joined()
        let nowCell: String = running.isEmpty ? "<span class=\"muted\">idle</span>" : running
        let requestCell: String = requests.isEmpty ? "<span class=\"muted\">none</span>" : requests
        return """
            <tr data-environment="\(e(env.name))"><td><strong>\(e(env.name))</strong></td><td>\(runs)</td><td>\(since)</td>\
            <td>\(by)</td><td>\(window)</td><td class="now">\(nowCell)</td><td>\(requestCell)</td></tr>
            """
    }

    private func schedules(_ overview: Engine.PipelineOverview) -> String {
        var html = "<h3>Schedules</h3><table class=\"schedules\"><thead><tr><th>Environment</th><th>When</th><th>Next</th>"
            + "<th>Last</th></tr></thead><tbody>"
        for listing in overview.schedules {
            let entry = listing.entry
            let when: String
            switch entry.when {
            case let .cron(cron): when = "<code>\(e(cron.source))</code> (\(e(entry.zoneName)))"
            case let .once(date): when = "once, \(PageText.time(date, now: now))" + (entry.artifactTag.map { " · \(e($0))" } ?? "")
            }
            let last = listing.last.map { "\(e($0.state.rawValue)) \(PageText.time($0.slot, now: now))" } ?? "–"
            html += "<tr><td>\(e(entry.environment))</td><td>\(when)</td><td>\(PageText.time(listing.nextAt, now: now))</td>"
                + "<td>\(last)</td></tr>"
        }
        return html + "</tbody></table>"
    }

    /// Each `parity.with` pair from the facts last read: the page never opens SSH connections.
    private func parity(_ overview: Engine.PipelineOverview) -> String {
        var html = "<h3>Parity <span class=\"muted\">(facts as last read by gantry parity, verify or a deployment)</span></h3>"
            + "<table class=\"parity\"><thead><tr><th>Compared</th><th>State</th><th>Differences</th><th>Facts read</th>"
            + "</tr></thead><tbody>"
        for observed in overview.parity {
            let comparison = observed.comparison
            let drift = comparison.count(.drift)
            let counts = [(drift, "drift"), (comparison.count(.pending), "pending"), (comparison.count(.documented), "documented"),
                          (comparison.count(.inProgress), "in progress"), (comparison.count(.unreachable), "unreachable")]
                .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            let state = drift > 0
                ? "<span class=\"failed\">\(drift) undocumented</span>" + (observed.blocks ? " (blocks promotion)" : "")
                : "<span class=\"ok\">no drift</span>"
            let listed = comparison.differences.map { difference in
                "<div class=\"difference \(difference.status.rawValue)\">\(e(difference.status.rawValue)) "
                    + "<code>\(e(difference.label))</code>: \(e(comparison.a)) \(e(difference.a)), \(e(comparison.b)) \(e(difference.b))</div>"
            }.joined()
            html += "<tr data-parity=\"\(e(comparison.b))\"><td>\(e(comparison.a)) → <strong>\(e(comparison.b))</strong></td>"
                + "<td>\(state)\(counts.isEmpty ? "" : " <span class=\"muted\">(\(counts))</span>")</td>"
                + "<td>\(listed.isEmpty ? "<span class=\"muted\">none</span>" : listed)</td>"
                + "<td>\(observed.factsReadAt.map { PageText.time($0, now: now) } ?? "<span class=\"muted\">never</span>")</td></tr>"
        }
        return html + "</tbody></table>"
    }

    private func history(_ overview: Engine.PipelineOverview) -> String {
        guard !overview.history.isEmpty else { return "<h3>Last deployments</h3><p class=\"muted\">none yet</p>" }
        var html = "<h3>Last \(overview.history.count) deployments</h3><table class=\"history\"><thead><tr><th>#</th>"
            + "<th>Environment</th><th>What</th><th>Status</th><th>By</th><th>Started</th><th>Took</th></tr></thead><tbody>"
        for run in overview.history {
            html += "<tr><td><a href=\"/deployments/\(run.id)\">#\(run.id)</a></td><td>\(e(run.environment))</td>"
                + "<td>\(e(run.kind.rawValue)) <strong>\(e(run.artifactTag))</strong></td>"
                + "<td class=\"\(run.status.rawValue)\">\(e(run.status.rawValue))</td>"
                + "<td>\(e(run.actor)) <span class=\"muted\">via \(e(run.trigger.rawValue))</span></td>"
                + "<td>\(PageText.time(run.startedAt, now: now))</td><td>\(PageText.duration(run.startedAt, run.finishedAt))</td></tr>"
        }
        return html + "</tbody></table>"
    }

    private func auditSection() -> String {
        guard let audit else { return "<h2>Audit log</h2><p class=\"muted\">not checked yet</p>" }
        let state = audit.intact
            ? "<span class=\"ok\">intact</span>: \(audit.events) events chain to the recorded head"
            : "<span class=\"broken\">BROKEN</span>: \(e(audit.detail ?? "")) (run gantry audit --verify)"
        return "<h2>Audit log</h2><p id=\"audit\">\(state) <span class=\"muted\">(checked \(PageText.time(audit.checkedAt, now: now)))</span></p>"
    }

    private func deliverySection() -> String {
        guard !deliveries.isEmpty else { return "" }
        var html = "<h2>Webhook deliveries</h2><table class=\"deliveries\"><thead><tr><th>#</th><th>From</th><th>Repository</th>"
            + "<th>Received</th><th>State</th><th>What came of it</th></tr></thead><tbody>"
        for delivery in deliveries {
            let from = delivery.provider == Engine.reconcileProvider ? "reconcile" : "\(e(delivery.provider)) <code>\(e(delivery.delivery))</code>"
            html += "<tr><td>\(delivery.id)</td><td>\(from)</td><td>\(e(delivery.repository))</td>"
                + "<td>\(PageText.time(delivery.receivedAt, now: now))</td><td class=\"\(delivery.state.rawValue)\">\(delivery.state.rawValue)</td>"
                + "<td>\(e(delivery.message ?? ""))</td></tr>"
        }
        return html + "</tbody></table>"
    }
}
