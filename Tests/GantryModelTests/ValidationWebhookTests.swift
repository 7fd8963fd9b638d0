import Testing
@testable import GantryModel

/// `webhook: { provider, secret, remote, reconcile }` and `serve: { token }`.
@Suite struct ValidationWebhookTests {
    /// 10 lines; `secrets:` is line 9, the block under test starts on line 10.
    static let base = """
        version: 1
        hosts:
          web-1: { address: 10.0.0.1 }
        environments:
          dev: { branch: main, hosts: [web-1] }
          staging: { from: dev, tags: "v*", hosts: [web-1] }
        steps:
          - run: "echo hi"
        secrets: [HOOK_SECRET, SERVE_TOKEN]

        """

    private func findings(_ block: String, base: String = ValidationWebhookTests.base) throws -> [String] {
        try PipelineFixture(base + block).findings()
    }

    @Test func aWebhookAndATokenAreRead() throws {
        let pipeline = try PipelineFixture(Self.base + """
            webhook: { provider: gitlab, secret: HOOK_SECRET, remote: "git@gitlab.example.com:group/sub/app.git", reconcile: 1m }
            serve: { token: SERVE_TOKEN }
            """).pipeline()
        let webhook = try #require(pipeline.webhook)
        #expect(webhook.provider == .gitlab && webhook.secret == "HOOK_SECRET" && webhook.reconcile == 60)
        #expect(webhook.repositoryPath == "group/sub/app" && webhook.usesSSH)
        #expect(webhook.location.line == 10)
        #expect(pipeline.serve?.token == "SERVE_TOKEN")
    }

    @Test func reconcileDefaultsToFiveMinutes() throws {
        let pipeline = try PipelineFixture(Self.base + "webhook: { provider: github, secret: HOOK_SECRET, remote: /srv/git/app.git }")
            .pipeline()
        #expect(pipeline.webhook?.reconcile == 300)
        #expect(pipeline.webhook?.usesSSH == false)
        #expect(pipeline.webhook?.repositoryPath == "srv/git/app")
        #expect(try PipelineFixture(PipelineFixture.minimal).pipeline().webhook == nil)
    }

    @Test func remoteForms() throws {
        let paths: [(String, String, Bool)] = [
            ("git@github.com:org/app.git", "org/app", true),
            ("ssh://git@git.example.com:2222/org/app.git", "org/app", true),
            ("file:///srv/git/app.git", "srv/git/app", false),
            ("/srv/git/app", "srv/git/app", false),
        ]
        for (remote, path, ssh) in paths {
            let pipeline = try PipelineFixture(Self.base + "webhook: { provider: gitea, secret: HOOK_SECRET, remote: \"\(remote)\" }")
                .pipeline()
            #expect(pipeline.webhook?.repositoryPath == path, "\(remote)")
            #expect(pipeline.webhook?.usesSSH == ssh, "\(remote)")
        }
    }

    @Test func everyMissingKeyIsNamed() throws {
        let example = " (e.g. webhook: { provider: github, secret: GITHUB_HOOK_SECRET, remote: git@github.com:org/app.git })"
        #expect(try findings("webhook: { provider: github }") == [
            "10:10: 'webhook' needs 'secret'" + example, "10:10: 'webhook' needs 'remote'" + example,
        ])
    }

    @Test func unknownProviderAndKeysGetHints() throws {
        #expect(try findings("webhook: { provider: githbu, secret: HOOK_SECRET, remote: /srv/app.git }") == [
            "10:22: unknown provider 'githbu' (did you mean 'github'?)",
        ])
        #expect(try findings("webhook: { provider: github, secret: HOOK_SECRET, remote: /srv/app.git, reconcle: 1m }") == [
            "10:73: unknown key 'reconcle' in 'webhook' (did you mean 'reconcile'?)",
        ])
        #expect(try findings("serve: { tokn: SERVE_TOKEN }") == ["10:10: unknown key 'tokn' in 'serve' (did you mean 'token'?)"])
    }

    @Test func secretsMustBeListedNames() throws {
        #expect(try findings("webhook: { provider: github, secret: HOOK_SECRT, remote: /srv/app.git }") == [
            "10:38: 'secret' names secret 'HOOK_SECRT', which 'secrets' does not list (did you mean 'HOOK_SECRET'?)",
        ])
        #expect(try findings("serve: { token: ADMIN }") == [
            "10:17: 'token' names secret 'ADMIN', which 'secrets' does not list (declare it under 'secrets'; the value comes "
                + "from GANTRY_SECRET_ADMIN or a secrets file)",
        ])
    }

    @Test func remotesThatCannotWork() throws {
        func remote(_ text: String) throws -> [String] {
            try findings("webhook: { provider: github, secret: HOOK_SECRET, remote: \"\(text)\" }")
        }
        #expect(try remote("https://github.com/org/app.git") == [
            "10:59: 'remote' 'https://github.com/org/app.git' is an HTTP URL; use the repository's SSH URL "
                + "(e.g. git@github.com:org/app.git) with a deploy key in 'ssh.identity'",
        ])
        #expect(try remote("app.git") == [
            "10:59: 'remote' 'app.git' is neither an SSH URL (git@host:org/app.git, ssh://…), a file:// URL nor an absolute path",
        ])
        #expect(try remote("ftp://host/app.git") == [
            "10:59: 'remote' scheme 'ftp' is not supported (use ssh://, user@host:path, file:// or an absolute path)",
        ])
        #expect(try remote("git@host:my app.git") == ["10:59: 'remote' must be a URL or path without spaces, found 'git@host:my app.git'"])
        #expect(try remote("ssh://host") == ["10:59: 'remote' 'ssh://host' names no repository path"])
        #expect(try remote("file:///") == ["10:59: 'remote' 'file:///' names no repository path"])
    }

    @Test func reconcileIsBounded() throws {
        #expect(try findings("webhook: { provider: github, secret: HOOK_SECRET, remote: /srv/a.git, reconcile: 5s }") == [
            "10:82: 'reconcile' must be between 10s and 1d, found 5s",
        ])
        #expect(try findings("webhook: { provider: github, secret: HOOK_SECRET, remote: /srv/a.git, reconcile: soon }") == [
            "10:82: bad duration 'soon' for 'reconcile' (use a whole number and a unit: 500ms, 30s, 10m, 24h, 7d)",
        ])
    }

    @Test func aWebhookNothingFollowsIsRefused() throws {
        let base = PipelineFixture.minimal + "\nsecrets: [HOOK_SECRET]\n"
        #expect(try findings("webhook: { provider: github, secret: HOOK_SECRET, remote: /srv/a.git }", base: base) == [
            "10:10: 'webhook' triggers nothing: no environment has 'branch' or 'tags' (a push to an environment's branch "
                + "deploys there; a pushed tag matching its 'tags' promotes there)",
        ])
    }
}
