import Testing
@testable import GantryEngine

@Suite struct SecretMaskerTests {
    @Test func masksEveryOccurrenceInWholeText() {
        let masker = SecretMasker(secrets: ["hunter2", "s3cr'et\nline"])
        #expect(masker.mask("pw=hunter2; again hunter2") == "pw=***; again ***")
        #expect(masker.mask("x s3cr'et\nline y") == "x *** y")
    }

    @Test func longestSecretWinsWhereTwoOverlap() {
        let masker = SecretMasker(secrets: ["abc", "abcdef"])
        #expect(masker.mask("abcdef abc") == "*** ***")
    }

    @Test func secretArrivingOneByteAtATimeNeverLeaks() {
        let secret = "pa'ss\"wo\nrd-ü"
        var masker = SecretMasker(secrets: [secret])
        var shown: [UInt8] = []
        for byte in Array("before \(secret) after \(secret)".utf8) {
            let piece = masker.feed([byte])
            shown += piece
            // No prefix of length > 1 of the secret may ever be shown before the stream decides.
            #expect(!String(decoding: shown, as: UTF8.self).contains("pa'ss\"wo"))
        }
        shown += masker.finish()
        #expect(String(decoding: shown, as: UTF8.self) == "before *** after ***")
    }

    @Test func partialPrefixAtEndIsReleasedOnFinish() {
        var masker = SecretMasker(secrets: ["topsecret"])
        let first = masker.feed(Array("value: tops".utf8))
        #expect(String(decoding: first, as: UTF8.self) == "value: ")
        let rest = masker.finish()
        #expect(String(decoding: rest, as: UTF8.self) == "tops")
    }

    @Test func emptySecretsAreIgnored() {
        let masker = SecretMasker(secrets: ["", "x1"])
        #expect(masker.mask("a x1 b") == "a *** b")
        #expect(SecretMasker(secrets: [""]).isEmpty)
    }
}
