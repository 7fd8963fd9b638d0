import Foundation

/// Finds the values of a pipeline's secrets for one environment.
///
/// The order is fixed: the process variable `GANTRY_SECRET_<ENV>_<NAME>`, then
/// `GANTRY_SECRET_<NAME>`, then `~/.config/gantry/secrets/<env>.env`. The file is refused when
/// its mode grants any permission to group or others, because a readable secrets file is a leak
/// waiting to happen. The first place that has a name decides: an empty value there is an error,
/// like a missing one (`GANTRY_SECRET_X=$UNSET` would otherwise deploy an empty password), and it
/// is not silently replaced by a less specific source. Every missing or empty name is reported
/// at once, before anything runs.
public struct SecretResolver: Sendable {
    /// The process environment to read `GANTRY_SECRET_*` variables from.
    public var environment: [String: String]
    /// The folder holding `<env>.env` files.
    public var secretsDirectory: URL

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                secretsDirectory: URL? = nil) {
        self.environment = environment
        self.secretsDirectory = secretsDirectory ?? SecretResolver.defaultDirectory(environment: environment)
    }

    /// `~/.config/gantry/secrets` of the user running the process.
    public static func defaultDirectory(environment: [String: String]) -> URL {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/gantry/secrets")
    }

    /// The environment-variable form of an environment name: upper-cased, `-` as `_`.
    public static func variableComponent(_ name: String) -> String {
        name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// Resolves every name in `names` for environment `env`.
    ///
    /// - Parameters:
    ///   - names: the secret names the pipeline lists.
    ///   - env: the environment being deployed.
    /// - Returns: a value for every name.
    /// - Throws: `SecretError.missing` naming every name without a value or with an empty one,
    ///   or a file error.
    public func resolve(_ names: [String], for env: String) throws(SecretError) -> [String: String] {
        var values: [String: String] = [:]
        var empty: [String: String] = [:]
        var stillMissing: [String] = []
        let envPart = Self.variableComponent(env)
        for name in names {
            let variables = ["GANTRY_SECRET_\(envPart)_\(name)", "GANTRY_SECRET_\(name)"]
            if let variable = variables.first(where: { environment[$0] != nil }), let value = environment[variable] {
                if value.isEmpty { empty[name] = variable } else { values[name] = value }
            } else {
                stillMissing.append(name)
            }
        }
        let file = secretsDirectory.appendingPathComponent("\(env).env")
        if !stillMissing.isEmpty, FileManager.default.fileExists(atPath: file.path) {
            let fromFile = try Self.readFile(file)
            for name in stillMissing {
                guard let value = fromFile[name] else { continue }
                if value.isEmpty { empty[name] = file.path } else { values[name] = value }
            }
            stillMissing.removeAll { values[$0] != nil || empty[$0] != nil }
        }
        guard stillMissing.isEmpty && empty.isEmpty else {
            let unresolved = names.filter { values[$0] == nil }
            throw .missing(environment: env, names: unresolved, file: file.path, empty: empty)
        }
        return values
    }

    /// Reads a `NAME=value` file; refuses one that group or others may access.
    static func readFile(_ url: URL) throws(SecretError) -> [String: String] {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw .unreadable(path: url.path, reason: String(cString: strerror(errno)))
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw .insecureFile(path: url.path, mode: String(mode, radix: 8))
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .unreadable(path: url.path, reason: "not readable as UTF-8 text")
        }
        return try SecretFileParser.parse(text, path: url.path)
    }
}
