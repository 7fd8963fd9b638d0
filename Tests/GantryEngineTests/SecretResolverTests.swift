import Foundation
import Testing
import GantryTestSupport
@testable import GantryEngine

@Suite struct SecretResolverTests {
    @Test func perEnvironmentVariableWinsOverSharedOne() throws {
        let dir = try TemporaryDirectory()
        let resolver = SecretResolver(environment: [
            "GANTRY_SECRET_PROD_EU_DATABASE_URL": "postgres://eu",
            "GANTRY_SECRET_DATABASE_URL": "postgres://shared",
            "GANTRY_SECRET_STRIPE_KEY": "sk_1",
        ], secretsDirectory: dir.url)
        let values = try resolver.resolve(["DATABASE_URL", "STRIPE_KEY"], for: "prod-eu")
        #expect(values == ["DATABASE_URL": "postgres://eu", "STRIPE_KEY": "sk_1"])
    }

    @Test func everyMissingNameIsReportedAtOnce() throws {
        let dir = try TemporaryDirectory()
        let resolver = SecretResolver(environment: ["GANTRY_SECRET_A": "1"], secretsDirectory: dir.url)
        #expect(throws: SecretError.missing(environment: "staging", names: ["B", "C"],
                                            file: dir.url.appendingPathComponent("staging.env").path)) {
            try resolver.resolve(["A", "B", "C"], for: "staging")
        }
        let message = "\(SecretError.missing(environment: "staging", names: ["B", "C"], file: "/x/staging.env"))"
        #expect(message == "missing secrets for environment 'staging': B, C (set GANTRY_SECRET_STAGING_B or GANTRY_SECRET_<NAME>, or add them to /x/staging.env)")
    }

    @Test func emptyValuesAreErrorsReportedWithTheMissingOnes() throws {
        let dir = try TemporaryDirectory()
        let file = dir.url.appendingPathComponent("staging.env")
        try "C=\nD=\"\"\nE=from-file\n".write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o600)
        let resolver = SecretResolver(environment: [
            "GANTRY_SECRET_A": "",
            // The most specific place decides: an empty value is not replaced by the shared one.
            "GANTRY_SECRET_STAGING_B": "", "GANTRY_SECRET_B": "shared",
            "GANTRY_SECRET_OK": "1",
        ], secretsDirectory: dir.url)
        let expected = SecretError.missing(
            environment: "staging", names: ["A", "B", "C", "D", "F"], file: file.path,
            empty: ["A": "GANTRY_SECRET_A", "B": "GANTRY_SECRET_STAGING_B", "C": file.path, "D": file.path])
        #expect(throws: expected) { try resolver.resolve(["OK", "A", "B", "C", "D", "E", "F"], for: "staging") }
        let path = file.path
        let message: String = "missing or empty secrets for environment 'staging': A, B, C, D, F "
            + "(A is empty in GANTRY_SECRET_A; B is empty in GANTRY_SECRET_STAGING_B; C is empty in \(path); "
            + "D is empty in \(path); an empty secret is an error) "
            + "(set GANTRY_SECRET_STAGING_A or GANTRY_SECRET_<NAME>, or add them to \(path))"
        #expect(expected.description == message)
        let onlyEmpty = SecretResolver(environment: ["GANTRY_SECRET_A": ""], secretsDirectory: dir.url)
        #expect(throws: SecretError.missing(environment: "production", names: ["A"],
                                            file: dir.url.appendingPathComponent("production.env").path,
                                            empty: ["A": "GANTRY_SECRET_A"])) {
            try onlyEmpty.resolve(["A"], for: "production")
        }
    }

    @Test func fileFillsTheRestAndUnquotes() throws {
        let dir = try TemporaryDirectory()
        let file = dir.url.appendingPathComponent("production.env")
        try "# comment\nexport DATABASE_URL=\"postgres://u:p@db/x\"\nSTRIPE_KEY='sk \"live\"'\nMULTI=\"a\\nb\"\n"
            .write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o600)
        let resolver = SecretResolver(environment: ["GANTRY_SECRET_STRIPE_KEY": "from-env"], secretsDirectory: dir.url)
        let values = try resolver.resolve(["DATABASE_URL", "STRIPE_KEY", "MULTI"], for: "production")
        #expect(values == ["DATABASE_URL": "postgres://u:p@db/x", "STRIPE_KEY": "from-env", "MULTI": "a\nb"])
    }

    @Test func groupReadableFileIsRefused() throws {
        let dir = try TemporaryDirectory()
        let file = dir.url.appendingPathComponent("production.env")
        try "A=1\n".write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o640)
        let resolver = SecretResolver(environment: [:], secretsDirectory: dir.url)
        #expect(throws: SecretError.insecureFile(path: file.path, mode: "640")) {
            try resolver.resolve(["A"], for: "production")
        }
    }

    @Test func malformedLineNamesFileAndLine() throws {
        let dir = try TemporaryDirectory()
        let file = dir.url.appendingPathComponent("dev.env")
        try "A=1\nnot a pair\n".write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o600)
        let resolver = SecretResolver(environment: [:], secretsDirectory: dir.url)
        #expect(throws: SecretError.malformedFile(path: file.path, line: 2, reason: "expected NAME=value")) {
            try resolver.resolve(["A"], for: "dev")
        }
    }
}
