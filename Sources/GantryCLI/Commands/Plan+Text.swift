import GantryModel

/// The human form of `gantry plan`.
extension PlanReport {
    func text(color: Bool) -> String {
        func bold(_ text: String) -> String { Terminal.paint(text, .bold, enabled: color) }
        var lines = [bold("Plan: \(pipeline) → \(environment)") + "  artifact \(artifact)"]
        lines.append("Path: " + path.joined(separator: " → "))
        let hostCount = batches.reduce(0) { $0 + $1.count }
        lines.append("")
        lines.append(bold("Hosts") + " (\(hostCount) in \(batches.count) batch\(batches.count == 1 ? "" : "es"), "
                     + "at most \(parallel) at once\(haltOnFailure ? ", halt on failure" : ""))")
        for (index, batch) in batches.enumerated() {
            let hosts = batch.map { "\($0.name) (\($0.user.map { "\($0)@" } ?? "")\($0.address):\($0.port))" }
            lines.append("  batch \(index + 1): " + hosts.joined(separator: ", "))
        }
        lines.append("")
        lines.append(bold("Steps"))
        lines += Self.stepLines(steps)
        if !rollback.isEmpty {
            lines.append("")
            lines.append(bold("Rollback steps") + " (only when a rollout halts)")
            lines += Self.stepLines(rollback)
        }
        if let releases {
            lines.append("")
            lines.append(bold("Releases") + " (after a successful deployment)")
            lines.append("  keep the newest \(releases.keep) folders in \(releases.path); the running and the previous release always stay")
        }
        lines.append("")
        if let migrations {
            lines.append(bold("Migrations") + " (\(migrations.path); \(migrations.applied) applied in \(environment))")
            lines.append("  pending for \(artifact): " + (migrations.pending.isEmpty ? "none" : migrations.pending.joined(separator: ", ")))
            for problem in migrations.problems { lines.append("  refused: \(problem)") }
            lines.append("")
        }
        if let evaluation {
            lines.append(bold("Gates now") + " (for \(artifact))")
            for result in evaluation {
                lines.append("  " + GateText.line(result, color: color).replacingOccurrences(of: "\n", with: "\n  "))
            }
            lines.append("")
        }
        lines.append(bold("Gates configured") + (evaluationNote.map { " (\($0))" } ?? ""))
        for gate in gates {
            let state = gate.configured ? "configured" : "none"
            lines.append("  " + gate.gate.padding(toLength: 11, withPad: " ", startingAt: 0)
                         + state.padding(toLength: 11, withPad: " ", startingAt: 0) + gate.detail)
        }
        lines.append("")
        lines.append("Values in <…> are known only when the deployment runs; secrets show as ***.")
        return lines.joined(separator: "\n")
    }

    private static func stepLines(_ steps: [StepLine]) -> [String] {
        var lines: [String] = []
        for (index, step) in steps.enumerated() {
            var flags: [String] = []
            if step.runOnce { flags.append("run once") }
            if step.migration { flags.append("migration") }
            if step.retries > 0 { flags.append("retries \(step.retries)") }
            if let timeout = step.timeout { flags.append("timeout \(timeout)") }
            let suffix = flags.isEmpty ? "" : "  [" + flags.joined(separator: ", ") + "]"
            lines.append("  \(index + 1). \(step.name)\(suffix)")
            switch step.action {
            case "file":
                lines.append("     file \(step.template ?? "") → \(step.to ?? "")" + (step.mode.map { " (mode \($0))" } ?? ""))
            case "upload":
                lines.append("     upload artifact file → \(step.to ?? "")")
            default:
                lines.append("     $ \(step.command ?? "")")
            }
        }
        return lines
    }
}
