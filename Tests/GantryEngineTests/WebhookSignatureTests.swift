import Foundation
@testable import GantryModel
import Testing
@testable import GantryEngine

/// Signatures are checked on the raw bytes, before anything is parsed, in constant time.
@Suite struct WebhookSignatureTests {
    let body = Array(#"{"ref":"refs/heads/main"}"#.utf8)

    @Test func githubSignsTheRawBodyWithHMACSHA256() {
        // echo -n '{"ref":"refs/heads/main"}' | openssl dgst -sha256 -hmac s3cret
        let known = "sha256=" + WebhookSignature.sign(body, secret: "s3cret")
        #expect(WebhookSignature.verify(.github, headers: ["x-hub-signature-256": known], body: body, secret: "s3cret"))
        #expect(WebhookSignature.verify(.github, headers: ["x-hub-signature-256": known.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256=")],
                                        body: body, secret: "s3cret"))
        #expect(!WebhookSignature.verify(.github, headers: ["x-hub-signature-256": known], body: body, secret: "other"))
        #expect(!WebhookSignature.verify(.github, headers: ["x-hub-signature-256": known], body: body + [0x20], secret: "s3cret"))
        #expect(!WebhookSignature.verify(.github, headers: ["x-hub-signature-256": String(known.dropFirst(7))], body: body, secret: "s3cret"))
        #expect(!WebhookSignature.verify(.github, headers: [:], body: body, secret: "s3cret"))
        #expect(!WebhookSignature.verify(.github, headers: ["x-hub-signature-256": "sha256=zz"], body: body, secret: "s3cret"))
    }

    @Test func theHMACIsTheStandardOne() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        #expect(WebhookSignature.sign(Array("what do ya want for nothing?".utf8), secret: "Jefe")
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func giteaSignsWithoutAPrefix() {
        let signature = WebhookSignature.sign(body, secret: "s3cret")
        #expect(WebhookSignature.verify(.gitea, headers: ["x-gitea-signature": signature], body: body, secret: "s3cret"))
        #expect(!WebhookSignature.verify(.gitea, headers: ["x-hub-signature-256": "sha256=" + signature], body: body, secret: "s3cret"))
    }

    @Test func gitlabSendsTheTokenAndMaySign() {
        #expect(WebhookSignature.verify(.gitlab, headers: ["x-gitlab-token": "s3cret"], body: body, secret: "s3cret"))
        #expect(!WebhookSignature.verify(.gitlab, headers: ["x-gitlab-token": "s3cre"], body: body, secret: "s3cret"))
        #expect(!WebhookSignature.verify(.gitlab, headers: ["x-gitlab-token": "s3cret!"], body: body, secret: "s3cret"))
        let signature = WebhookSignature.sign(body, secret: "s3cret")
        #expect(WebhookSignature.verify(.gitlab, headers: ["x-gitlab-token": "s3cret", "x-gitlab-signature": "sha256=" + signature],
                                        body: body, secret: "s3cret"))
        // A signature that is present must match, even with the right token.
        #expect(!WebhookSignature.verify(.gitlab, headers: ["x-gitlab-token": "s3cret", "x-gitlab-signature": signature],
                                         body: body + [0x20], secret: "s3cret"))
    }

    @Test func constantTimeEqualityStillTellsLengthsApart() {
        #expect(WebhookSignature.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!WebhookSignature.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!WebhookSignature.constantTimeEqual(Array("abc".utf8), Array("abc\u{0}".utf8)))
        #expect(!WebhookSignature.constantTimeEqual([], Array("a".utf8)))
        #expect(WebhookSignature.constantTimeEqual([], []))
        // Lengths that differ by a multiple of 256 must not compare equal.
        #expect(!WebhookSignature.constantTimeEqual([UInt8](repeating: 1, count: 256), []))
    }
}

/// What each provider's push payload says.
@Suite struct PushPayloadTests {
    static let a = String(repeating: "a", count: 40), b = String(repeating: "b", count: 40)

    @Test func githubAndGiteaNameTheRepositoryAndTheRef() throws {
        for provider in [WebhookSettings.Provider.github, .gitea] {
            let payload = try PushPayload(provider: provider, body: Array("""
                {"ref":"refs/tags/v1.2","before":"\(Self.a)","after":"\(Self.b)","repository":{"full_name":"Org/App",
                 "ssh_url":"git@github.com:Org/App.git","clone_url":"https://github.com/Org/App.git"},"commits":[]}
                """.utf8))
            #expect(payload.repository == "Org/App" && payload.update.refName == "refs/tags/v1.2")
            #expect(payload.update.oldSha == Self.a && payload.update.newSha == Self.b)
            #expect(payload.urls.contains("git@github.com:Org/App.git"))
        }
    }

    @Test func gitlabNamesTheProjectWithItsNamespace() throws {
        let payload = try PushPayload(provider: .gitlab, body: Array("""
            {"object_kind":"push","ref":"refs/heads/main","before":"\(Self.a)","after":"\(Self.b)",
             "project":{"path_with_namespace":"group/sub/app","git_ssh_url":"git@gitlab.example.com:group/sub/app.git"}}
            """.utf8))
        #expect(payload.repository == "group/sub/app" && payload.update.shortName == "main")
    }

    @Test func aPayloadConcernsTheWebhookOfItsRepository() throws {
        let payload = try PushPayload(provider: .github, body: Array("""
            {"ref":"refs/heads/main","before":"\(Self.a)","after":"\(Self.b)","repository":{"full_name":"Org/App"}}
            """.utf8))
        func webhook(_ remote: String) -> WebhookSettings {
            WebhookSettings(provider: .github, secret: "S", remote: remote, reconcile: 300,
                            location: SourceLocation(file: "p.yml", line: 1, column: 1))
        }
        #expect(payload.concerns(webhook("git@github.com:org/app.git")))
        #expect(payload.concerns(webhook("ssh://git@ghe.example.com:2222/Org/App.git")))
        #expect(payload.concerns(webhook("/srv/mirrors/org/app.git")))
        #expect(!payload.concerns(webhook("git@github.com:org/app-docs.git")))
        #expect(!payload.concerns(webhook("git@github.com:org/myapp.git")))
    }

    @Test func unusablePayloadsSayWhy() {
        func problem(_ text: String) -> String? {
            do {
                _ = try PushPayload(provider: .github, body: Array(text.utf8))
                return nil
            } catch {
                return error.description
            }
        }
        #expect(problem("not json") == "the body is not a JSON object")
        #expect(problem("[1]") == "the body is not a JSON object")
        #expect(problem(#"{"zen":"hi"}"#) == "the push has no 'ref', 'before' and 'after'")
        #expect(problem(#"{"ref":"refs/heads/main","before":"\#(Self.a)","after":"\#(Self.b)"}"#)
            == "the push names no repository ('full_name')")
        #expect(problem(#"{"ref":"main","before":"\#(Self.a)","after":"\#(Self.b)","repository":{"full_name":"o/a"}}"#)
            == "the push's 'ref', 'before' or 'after' is not a ref name and two object ids")
        #expect(problem(#"{"ref":"refs/heads/x y","before":"\#(Self.a)","after":"$(reboot)","repository":{"full_name":"o/a"}}"#)
            == "the push's 'ref', 'before' or 'after' is not a ref name and two object ids")
    }
}
