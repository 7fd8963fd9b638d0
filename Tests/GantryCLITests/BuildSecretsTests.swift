import Foundation
import GantryTestSupport
import Testing

/// What secrets a build sees: none of the `GANTRY_SECRET_*` variables, only the ones `build:`
/// references, as variables that its command line names (never the values). Real builds
/// through `gantry build` and through a `git push` hook.
@Suite(.serialized) struct BuildSecretsTests {
    /// A build that records its environment and its own command line outside the export.
    static func spyingBuild(out: String) -> String {
        "mkdir -p dist && tar czf dist/shop.tgz app && env > \(out)/env.txt"
            + " && tr '\\\\\\\\0' ' ' < /proc/$$/cmdline > \(out)/cmdline.txt"
            + " && echo leaked=$GANTRY_SECRET_DB_PASSWORD/$GANTRY_SECRET_PRODUCTION_DB_PASSWORD"
            + " && echo token=${secrets.API_TOKEN}"
            + " && echo token-length=$(printf %s ${secrets.API_TOKEN} | wc -c)"
    }

    @Test func gantryBuildSeesOnlyTheSecretsItReferences() throws {
        let out = try TemporaryDirectory()
        let project = try DeployProject(artifact: """
          build: "\(Self.spyingBuild(out: out.path))"
          file: dist/shop.tgz
        """, secrets: "[DB_PASSWORD, API_TOKEN]")
        project.environment["GANTRY_SECRET_PRODUCTION_DB_PASSWORD"] = "prod-only-pw"
        project.environment["GANTRY_SECRET_API_TOKEN"] = "tok 123"
        project.environment["GANTRY_SSH_PASSPHRASE"] = "key-passphrase"

        let build = try project.gantry("build", "shop")
        #expect(build.status == 0, "\(build.stdout)\n\(build.stderr)")
        let output = build.stdout + build.stderr
        #expect(output.contains("build | leaked=/\n"), "\(output)")
        #expect(output.contains("build | token=***"), "\(output)")
        #expect(output.contains("build | token-length=7"), "one word, space included: \(output)")
        for value in ["s3cret", "prod-only-pw", "tok 123", "key-passphrase"] {
            #expect(!output.contains(value), "\(value) reached the build's output")
        }

        let environment = try String(contentsOfFile: out.path + "/env.txt", encoding: .utf8)
        #expect(!environment.contains("GANTRY_SECRET_"), "\(environment)")
        #expect(!environment.contains("s3cret") && !environment.contains("prod-only-pw"))
        #expect(!environment.contains("GANTRY_SSH_PASSPHRASE") && !environment.contains("key-passphrase"))
        #expect(environment.contains("GANTRY_BUILD_SECRET_API_TOKEN=tok 123\n"))
        let commandLine = try String(contentsOfFile: out.path + "/cmdline.txt", encoding: .utf8)
        #expect(commandLine.contains("\"${GANTRY_BUILD_SECRET_API_TOKEN}\""), "\(commandLine)")
        #expect(!commandLine.contains("tok 123"), "the secret is in the build's command line: \(commandLine)")
    }

    @Test func aBuildResolvesOnlyTheSecretsItReferences() throws {
        let project = try DeployProject(artifact: """
          build: "test -n ${secrets.API_TOKEN} && mkdir -p dist && tar czf dist/shop.tgz app"
          file: dist/shop.tgz
        """, secrets: "[DB_PASSWORD, API_TOKEN, NOT_SET_ANYWHERE]")
        let missing = try project.gantry("build", "shop")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing secret for environment 'development': API_TOKEN "), "\(missing.stderr)")
        // A secret the build does not reference may be missing for its environment.
        project.environment["GANTRY_SECRET_API_TOKEN"] = "tok"
        let build = try project.gantry("build", "shop")
        #expect(build.status == 0, "\(build.stderr)")
    }

    @Test func theDigestCommandSeesNoSecretVariableAtBuildNorAtDeploy() throws {
        let out = try TemporaryDirectory()
        let project = try DeployProject(artifact: """
          build: "true"
          digest: "test -n ${secrets.DB_PASSWORD} && env >> \(out.path)/digest-env.txt && echo sha256:fixed"
        """)
        project.environment["GANTRY_SECRET_PRODUCTION_DB_PASSWORD"] = "prod-only-pw"
        let tag = try project.build()
        let deploy = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        let seen = try String(contentsOfFile: out.path + "/digest-env.txt", encoding: .utf8)
        #expect(seen.components(separatedBy: "GANTRY_BUILD_SECRET_DB_PASSWORD=s3cret\n").count == 3, "build and deploy: \(seen)")
        #expect(!seen.contains("GANTRY_SECRET_") && !seen.contains("prod-only-pw"), "\(seen)")
    }

    @Test func aPushedBuildCannotReadTheDeployingUsersSecrets() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline(
            build: "env > \(f.outputs)/env.txt; echo leaked=$GANTRY_SECRET_DB_PASSWORD/$GANTRY_SECRET_PRODUCTION_DB_PASSWORD"))
        #expect(try f.installHook().status == 0)
        _ = try f.clone.commit("first", files: ["app.txt": "v1\n"])
        let push = try f.push(["main"], environment: [
            "GANTRY_SECRET_DB_PASSWORD": "hook-s3cret", "GANTRY_SECRET_PRODUCTION_DB_PASSWORD": "hook-prod-pw",
        ])
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.remote.contains("build | leaked=/"), "\(push.stderr)")
        #expect(!push.stderr.contains("hook-s3cret") && !push.stderr.contains("hook-prod-pw"))
        let environment = try String(contentsOfFile: f.outputs + "/env.txt", encoding: .utf8)
        #expect(!environment.contains("GANTRY_SECRET_"), "\(environment)")
        #expect(!environment.contains("hook-s3cret") && !environment.contains("hook-prod-pw"))
        #expect(f.deployed(on: "dev-1") != nil, "\(push.stderr)")
    }
}
