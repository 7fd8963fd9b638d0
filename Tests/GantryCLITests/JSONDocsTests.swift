import Foundation
import GantryGates
import GantryTestSupport
import Testing

/// docs/json.md shows every `--json` document and `--json-lines` event with an example. These
/// tests keep it honest: every example parses, and each one has the same fields, at every level,
/// as what the real binary prints for the same command.
@Suite struct JSONDocsTests {
    static let docsPath = GantryBinary.packageRoot.appendingPathComponent("docs/json.md").path

    /// The examples of docs/json.md by name: a ```json block right after `<!-- example: NAME -->`.
    static func examples() throws -> [String: String] {
        let text = try String(contentsOfFile: docsPath, encoding: .utf8)
        var examples: [String: String] = [:]
        var name: String?
        var block: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("<!-- example: "), line.hasSuffix(" -->") {
                name = String(line.dropFirst("<!-- example: ".count).dropLast(" -->".count))
            } else if line == "```json", name != nil {
                block = []
            } else if line == "```", let lines = block, let current = name {
                examples[current] = lines.joined(separator: "\n")
                block = nil
                name = nil
            } else if block != nil {
                block?.append(String(line))
            }
        }
        return examples
    }

    @Test func everyExampleParsesAsOneObject() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 20, "docs/json.md has \(examples.count) examples")
        for (name, text) in examples {
            let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8))
            #expect(parsed is [String: Any], "example \(name) is not one JSON object")
        }
    }

    @Test func everyExampleMatchesWhatGantryPrints() throws {
        let examples = try Self.examples()
        let outputs = try JSONScenario.run()
        if let folder = ProcessInfo.processInfo.environment["GANTRY_JSON_DUMP"] {
            for (name, text) in outputs {
                try text.write(toFile: "\(folder)/\(name).json", atomically: true, encoding: .utf8)
            }
        }
        for (name, text) in outputs {
            guard let example = examples[name] else {
                Issue.record("docs/json.md has no example named \(name)")
                continue
            }
            let real = try JSONSerialization.jsonObject(with: Data(text.utf8))
            let documented = try JSONSerialization.jsonObject(with: Data(example.utf8))
            for difference in Self.differences(documented, real, path: name) { Issue.record("\(difference)") }
        }
        for name in examples.keys where outputs[name] == nil {
            Issue.record("docs/json.md shows \(name), which no command of the scenario printed")
        }
    }

    /// Where `documented` and `real` differ in fields (keys at every level) or in kinds of value.
    static func differences(_ documented: Any, _ real: Any, path: String) -> [String] {
        switch (documented, real) {
        case let (a as [String: Any], b as [String: Any]):
            var found: [String] = []
            let missing = Set(b.keys).subtracting(a.keys).sorted()
            let extra = Set(a.keys).subtracting(b.keys).sorted()
            if !missing.isEmpty { found.append("\(path): gantry prints \(missing) that the example lacks") }
            if !extra.isEmpty { found.append("\(path): the example has \(extra) that gantry does not print") }
            for key in Set(a.keys).intersection(b.keys).sorted() {
                found += differences(a[key]!, b[key]!, path: "\(path).\(key)")
            }
            return found
        case let (a as [Any], b as [Any]):
            guard let first = a.first, let other = b.first else { return [] }
            return differences(first, other, path: "\(path)[0]")
        case (is NSNull, _), (_, is NSNull):
            return []
        default:
            return kind(documented) == kind(real) ? [] : ["\(path): the example has a \(kind(documented)), gantry prints a \(kind(real))"]
        }
    }

    private static func kind(_ value: Any) -> String {
        switch value {
        case is [String: Any]: "object"
        case is [Any]: "list"
        case is String: "string"
        case is NSNumber: "number or boolean"
        default: "value"
        }
    }
}

/// Runs a project through every verb that prints JSON and collects each document (and each
/// `--json-lines` event, by its `event` name).
enum JSONScenario {
    static func run() throws -> [String: String] {
        var outputs: [String: String] = [:]
        let p = try ParityProject()
        p.production = "    parity: { with: staging, block: false }\n    approval: { required: 1, self_approval: true }"
        p.staging = "  staging: { from: development, hosts: [stage-1], tags: \"v*\", schedule: [{ cron: \"0 10 * * tue\" }] }"
        try p.writePipeline()
        func keep(_ name: String, _ result: GantryBinary.Result) {
            outputs[name] = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        keep("validate", try p.gantry("validate", "--json"))
        let build = try p.gantry("build", "shop", "--json")
        keep("build", build)
        let tag = try GantryBinary.builtTag(build)
        keep("plan", try p.gantry("plan", "shop", "development", "--json"))
        let lines = try p.gantry("deploy", "shop", "development", "--artifact", tag, "--json-lines")
        for line in lines.stdout.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let event = object["event"] as? String else { continue }
            outputs["event " + event] = outputs["event " + event] ?? String(line)
        }
        // A pushed tag that maps to staging, as the post-receive hook hands it to `gantry trigger`.
        _ = try p.repo.git("tag", "v9")
        let head = try p.repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let push = "\(String(repeating: "0", count: 40)) \(head) refs/tags/v9\n"
        let trigger = try GantryBinary.run(["--pipelines", p.pipelinesPath, "--state", p.statePath, "trigger", "--json"],
                                           in: URL(fileURLWithPath: p.repo.path), environment: p.environment,
                                           stdin: Data(push.utf8))
        keep("trigger", trigger)
        keep("run", try p.gantry("promote", "shop", "staging", "--json"))
        keep("run (blocked)", try p.gantry("promote", "shop", "production", "--json"))
        keep("approve", try p.gantry("approve", "shop", "production", "--artifact", tag, "--yes", "--run", "--json"))
        let second = try p.release("second")
        try p.ship(second, to: "staging")
        _ = try p.gantry("promote", "shop", "production", "--artifact", second)
        keep("reject", try p.gantry("reject", "shop", "production", "--artifact", second, "--comment", "not today", "--json"))
        keep("status", try p.gantry("status", "--json"))
        keep("history", try p.gantry("history", "shop", "--json"))
        keep("logs", try p.gantry("logs", "1", "--json"))
        keep("exec", try p.gantry("exec", "shop", "production", "--json", "--", "echo", "hello"))
        let execLines = try p.gantry("exec", "shop", "production", "--json-lines", "--", "echo", "hello")
        for line in execLines.stdout.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let event = object["event"] as? String else { continue }
            // A host's output line reads the same from exec as from a deployment.
            let name = event == "output" ? "event output" : "exec event " + event
            outputs[name] = outputs[name] ?? String(line)
        }
        keep("windows", try p.gantry("windows", "shop", "production", "--json"))
        keep("check", try p.gantry("check", "shop", "production", "--json"))
        keep("audit", try p.gantry("audit", "--json", "--limit", "2"))
        keep("audit --verify", try p.gantry("audit", "--verify", "--json"))
        keep("parity", try p.gantry("parity", "shop", "staging", "production", "--json"))
        keep("verify", try p.gantry("verify", "shop", "production", "--json"))
        keep("migrations", try p.gantry("migrations", "shop", "production", "--json"))
        keep("error", try p.gantry("logs", "999", "--json"))

        // Schedules: the cron of staging, and a one-off promotion fired by a scheduler pass.
        keep("schedule next", try p.gantry("schedule", "next", "0 10 * * tue", "--count", "2", "--json"))
        keep("schedule preview", try p.gantry("schedule", "preview", "shop", "staging", "--next", "2", "--json"))
        let at = Date().addingTimeInterval(2)
        keep("schedule add", try p.gantry("schedule", "add", "shop", "staging", "--at", WindowFormat.iso8601(at, in: .gmt), "--json"))
        keep("schedule list", try p.gantry("schedule", "list", "shop", "--json"))
        while Date() < at { Thread.sleep(forTimeInterval: 0.1) }
        keep("scheduler tick", try p.gantry("scheduler", "tick", "--json"))
        keep("schedule history", try p.gantry("schedule", "history", "shop", "--json"))
        let removable = try p.gantry("schedule", "add", "shop", "staging", "--at", WindowFormat.iso8601(at.addingTimeInterval(3600), in: .gmt))
        let id = removable.stdout.split(separator: "#").dropFirst().first?.prefix { $0.isNumber } ?? "0"
        keep("schedule remove", try p.gantry("schedule", "remove", String(id), "--json"))

        // A rollout that halts: prod-2 cannot create the release folder (a file is in its way), so the changed hosts roll back.
        let third = try p.release("third")
        try p.ship(third, to: "staging")
        _ = try p.gantry("promote", "shop", "production", "--artifact", third)
        _ = try p.gantry("approve", "shop", "production", "--artifact", third, "--yes")
        try p.write("prod-2", "releases/\(third)", "not a folder")
        let halted = try p.gantry("promote", "shop", "production", "--artifact", third, "--json-lines")
        for line in halted.stdout.split(separator: "\n") where line.contains("\"event\":\"rollback_started\"") {
            outputs["event rollback_started"] = String(line)
        }
        return outputs
    }
}
