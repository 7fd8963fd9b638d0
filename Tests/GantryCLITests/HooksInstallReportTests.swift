import Foundation
import GantryTestSupport
import Testing

/// `gantry hooks install` says what pushes into the repository will trigger, and warns when
/// they will trigger nothing. Real repositories, the real binary.
struct HooksInstallReportTests {
    @Test func listsWhatPushesTriggerAndStoresTheIndex() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        let result = try f.installHook()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("pushes to this repository trigger:"), "\(result.stdout)")
        #expect(result.stdout.contains("shop: branch main → build and deploy to development"), "\(result.stdout)")
        #expect(result.stdout.contains("shop: tags v* → promote to staging"), "\(result.stdout)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let ops = try FileManager.default.contentsOfDirectory(atPath: f.root.path + "/ops")
        #expect(ops.contains { $0.hasPrefix("trigger-index-") }, "\(ops)")

        let json = try GantryBinary.run(["hooks", "install", f.bare.path, "--pipelines", f.pipelinesDirectory,
                                         "--state", f.statePath, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let triggers = try #require(object["triggers"] as? [[String: Any]])
        #expect(triggers.count == 2)
        #expect(triggers.first?["branch"] as? String == "main")
        #expect(triggers.first?["environment"] as? String == "development")
        #expect(triggers.last?["tags"] as? String == "v*")
        #expect((object["warnings"] as? [Any])?.isEmpty == true)
    }

    @Test func warnsWhenNothingFollowsThisRepository() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        let other = try GitFixture.make(bare: true)
        let result = try GantryBinary.run(["hooks", "install", other.path, "--pipelines", f.pipelinesDirectory,
                                           "--state", f.statePath])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: other.path + "/hooks/post-receive"))
        #expect(!result.stdout.contains("pushes to this repository trigger"))
        #expect(result.stderr.contains("warning: no environment of the pipelines"), "\(result.stderr)")
        #expect(result.stderr.contains("pushes here will do nothing"), "\(result.stderr)")
    }

    @Test func warnsAboutPipelinesThatDoNotValidateOrCannotBeRead() throws {
        let f = try PushFixture()
        try f.writePipeline("shop", f.standardPipeline())
        try f.writePipeline("broken", "version: 1\nenvironments: { development: { branch: main, hosts: [nope] } }\n")
        let result = try f.installHook()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("shop: branch main"), "\(result.stdout)")
        #expect(result.stderr.contains("broken.yml does not validate; pushes will not trigger it"), "\(result.stderr)")

        let missing = try GantryBinary.run(["hooks", "install", f.bare.path, "--pipelines", f.root.path + "/nowhere",
                                            "--state", f.statePath])
        #expect(missing.status == 0, "\(missing.stderr)")
        #expect(missing.stderr.contains("pushes will do nothing until the pipelines can be read"), "\(missing.stderr)")
    }
}
