import Testing
@testable import GantryModel
import GantryShell

/// `${…}` parsing and the three renderings.
@Suite struct InterpolationTests {
    private let origin = SourceLocation(file: "p.yml", line: 3, column: 10)

    private func parse(_ text: String) -> (template: Template, diagnostics: [Diagnostic]) {
        Template.parse(text, at: origin) { origin.shifted(by: $0) }
    }

    @Test func segmentsAndReferences() {
        let parsed = parse("deploy ${artifact.tag} to ${env.name} as ${raw:vars.FLAGS}")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.template.segments == [
            .literal("deploy "), .reference(.artifactTag, raw: false), .literal(" to "),
            .reference(.envName, raw: false), .literal(" as "), .reference(.variable("FLAGS"), raw: true),
        ])
    }

    @Test func everyFixedReferenceParses() {
        let all = "${artifact.tag}${artifact.digest}${git.sha}${git.short_sha}${git.branch}${git.tag}"
            + "${env.name}${host.name}${host.address}${previous.tag}${release.id}${vars.A}${secrets.B}"
        let parsed = parse(all)
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.template.references.count == 13)
        #expect(parsed.template.references.map(\.description).joined(separator: ",")
                == "artifact.tag,artifact.digest,git.sha,git.short_sha,git.branch,git.tag,env.name,host.name,"
                + "host.address,previous.tag,release.id,vars.A,secrets.B")
    }

    @Test func doubleDollarIsALiteral() {
        let parsed = parse("echo $${HOME} $PATH")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.template.segments == [.literal("echo ${HOME} $PATH")])
    }

    @Test func errorsCarryTheirColumn() {
        let parsed = parse("a ${nope} b ${git.sha")
        #expect(parsed.diagnostics.map(\.description) == [
            "p.yml:3:12: error: unknown reference '${nope}' (known: artifact.digest, artifact.tag, env.name, git.branch, "
                + "git.sha, git.short_sha, git.tag, host.address, host.name, previous.tag, release.id, vars.NAME, secrets.NAME)",
            "p.yml:3:22: error: unclosed '${' (write '$${' for a literal '${')",
        ])
    }

    @Test func columnsCountUnicodeScalarsAndLiteralsSurvive() {
        let parsed = parse("é ${nope} ü ${env.name} tail")
        #expect(parsed.diagnostics.map(\.location.column) == [12])
        #expect(parsed.template.segments == [.literal("é  ü "), .reference(.envName, raw: false), .literal(" tail")])
        #expect(parse("${ env.name }").template.segments == [.reference(.envName, raw: false)])
    }

    @Test func commandQuotesEveryValue() throws {
        let template = parse("git checkout ${git.branch} && echo ${vars.MSG} ${raw:vars.FLAGS}").template
        let context = RenderContext(values: [
            .gitBranch: "main; rm -rf /", .variable("MSG"): "it's", .variable("FLAGS"): "-x -y",
        ])
        #expect(try template.renderCommand(context) == "git checkout 'main; rm -rf /' && echo 'it'\\''s' -x -y")
    }

    @Test func fileRendersUnquoted() throws {
        let template = parse("URL=${secrets.DB}\nNAME=${env.name}").template
        let context = RenderContext(values: [.secret("DB"): "postgres://u:p w@h/db", .envName: "prod"])
        #expect(try template.renderFile(context) == "URL=postgres://u:p w@h/db\nNAME=prod")
    }

    @Test func displayMasksSecrets() throws {
        let template = parse("psql ${secrets.DB} -c ${vars.Q}").template
        let context = RenderContext(values: [.secret("DB"): "postgres://u:pw@h/db", .variable("Q"): "select 1"])
        #expect(try template.renderDisplay(context) == "psql *** -c 'select 1'")
        #expect(try template.renderDisplay(RenderContext(missing: .placeholder)) == "psql *** -c <vars.Q>")
    }

    @Test func secretsAsShellVariablesKeepTheirValuesOffTheCommandLine() throws {
        let template = parse("curl -u ${secrets.TOKEN} ${vars.URL} # ${secrets.TOKEN}").template
        var context = RenderContext(values: [.variable("URL"): "https://x/a b"])
        context.secretVariablePrefix = "GANTRY_BUILD_SECRET_"
        #expect(try template.renderCommand(context)
                == "curl -u \"${GANTRY_BUILD_SECRET_TOKEN}\" 'https://x/a b' # \"${GANTRY_BUILD_SECRET_TOKEN}\"")
        // Files and displays are not commands: they keep the value, or `***`.
        context.setSecrets(["TOKEN": "t0k"])
        #expect(try template.renderFile(context) == "curl -u t0k https://x/a b # t0k")
        #expect(try template.renderDisplay(context) == "curl -u *** 'https://x/a b' # ***")
    }

    @Test func gitRefsWithoutValueAreErrorsEvenInAPlan() throws {
        let template = parse("rm -rf /srv/app/${git.branch}").template
        // Never an empty word: `rm -rf /srv/app/''` must not be rendered.
        #expect(throws: GantryModelError.missingValue(reference: "git.branch", location: origin)) {
            try template.renderCommand(RenderContext())
        }
        var plan = RenderContext(missing: .placeholder)
        #expect(try template.renderDisplay(plan) == "rm -rf /srv/app/<git.branch>")
        plan.withoutValue = [.gitBranch, .gitTag]
        #expect(throws: GantryModelError.missingValue(reference: "git.branch", location: origin)) {
            try template.renderDisplay(plan)
        }
        #expect(throws: GantryModelError.missingValue(reference: "git.tag", location: origin)) {
            try parse("echo ${git.tag}").template.renderCommand(plan)
        }
        #expect(try parse("echo ${git.sha}").template.renderCommand(plan) == "echo <git.sha>")
        let error = GantryModelError.missingValue(reference: "git.branch", location: origin)
        #expect(error.description == "p.yml:3:10: no value for '${git.branch}' (only a build knows a branch: one started "
            + "by a push, or `gantry build --ref BRANCH`; a deployment does not know the ref its artifact came from)")
    }

    @Test func placeholdersAndMissingValues() throws {
        let template = parse("echo ${git.sha}").template
        #expect(try template.renderCommand(RenderContext(missing: .placeholder)) == "echo <git.sha>")
        #expect(throws: GantryModelError.missingValue(reference: "git.sha", location: origin)) {
            try template.renderCommand(RenderContext())
        }
    }
}

/// The one quoting function, against inputs meant to escape it.
@Suite struct ShellQuoteTests {
    @Test(arguments: [
        ("", "''"),
        ("v1.2.3", "v1.2.3"),
        ("a_b@c%d+e=f:g,h./i-j", "a_b@c%d+e=f:g,h./i-j"),
        ("it's", "'it'\\''s'"),
        ("'", "''\\'''"),
        ("$(reboot)", "'$(reboot)'"),
        ("`id`", "'`id`'"),
        ("a b", "'a b'"),
        ("line1\nline2", "'line1\nline2'"),
        ("naïve-ünïcode", "'naïve-ünïcode'"),
        ("feature/日本", "'feature/日本'"),
        ("*", "'*'"),
        ("x;y|z&w", "'x;y|z&w'"),
        ("~root", "'~root'"),
    ])
    func quoting(input: String, expected: String) {
        #expect(ShellQuote.quote(input) == expected)
    }
}
