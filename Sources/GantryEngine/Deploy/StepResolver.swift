import Foundation
import GantryModel

/// Renders a pipeline's steps for each host before anything runs.
///
/// Rendering everything up front means a missing value or an unreadable template stops the
/// deployment before the first host is touched.
struct StepResolver {
    let pipeline: Pipeline
    let environment: Environment
    /// Values known for the whole deployment (artifact, git, vars, secrets, previous, release).
    let context: RenderContext
    /// The artifact file kept by Gantry, for `upload:` steps.
    let artifactFile: (url: URL, sha256: String)?

    /// The default mode of rendered configuration files: they often hold secrets.
    static let defaultFileMode = 0o600

    func steps(for host: GantryModel.Host, filesOnly: Bool = false) throws(EngineError) -> [ResolvedStep] {
        var resolved: [ResolvedStep] = []
        for step in pipeline.steps {
            if filesOnly, case .file = step.action {} else if filesOnly { continue }
            resolved.append(try resolve(step, host: host))
        }
        return resolved
    }

    /// The `rollback:` steps for a host, or nil when they cannot run (nothing ran there before).
    func rollbackSteps(for host: GantryModel.Host) throws(EngineError) -> [ResolvedStep]? {
        guard context[.previousTag] != nil else { return nil }
        var resolved: [ResolvedStep] = []
        for step in pipeline.rollback { resolved.append(try resolve(step, host: host)) }
        return resolved
    }

    private func resolve(_ step: Step, host: GantryModel.Host) throws(EngineError) -> ResolvedStep {
        var values = context
        values[.hostName] = host.name
        values[.hostAddress] = host.address
        let action: ResolvedStep.Action
        let timeout = step.timeout ?? pipeline.ssh.commandTimeout
        do {
            switch step.action {
            case let .run(template):
                let rendered = try template.renderRemoteCommand(values)
                // The secret values travel on the channel's stdin, never in the command text.
                let variables = try rendered.secrets.map { name in
                    guard let value = values[.secret(name)] else {
                        throw EngineError.configuration("step '\(step.name)' on \(host.name): no value for secret \(name)")
                    }
                    return ShellVariable(name: Template.secretVariable(name), value: value)
                }
                action = .run(RemoteCommand(rendered.command, variables: variables, timeout: timeout),
                              display: try template.renderDisplay(values))
            case let .file(file):
                let mode = try Self.mode(file.mode, step: step)
                action = .file(content: Array(try file.content.renderFile(values).utf8), to: try file.to.renderFile(values),
                               mode: mode)
            case let .upload(to):
                guard let artifactFile else {
                    throw EngineError.configuration(
                        "step '\(step.name)' (\(step.location)): upload needs artifact.file, and \(pipeline.name) keeps no artifact file")
                }
                action = .upload(source: artifactFile.url, sha256: artifactFile.sha256, to: try to.renderFile(values))
            }
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError.configuration("step '\(step.name)' on \(host.name): \(error)")
        }
        return ResolvedStep(name: step.name, action: action, runOnce: step.runOnce, retries: step.retries, retry: step.retry,
                            timeout: timeout)
    }

    private static func mode(_ text: String?, step: Step) throws(EngineError) -> Int {
        guard let text else { return defaultFileMode }
        guard let mode = Int(text, radix: 8), (0...0o7777).contains(mode) else {
            throw .configuration("step '\(step.name)' (\(step.location)): mode '\(text)' is not an octal file mode")
        }
        return mode
    }
}
