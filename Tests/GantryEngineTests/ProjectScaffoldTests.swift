import Testing
@testable import GantryEngine

/// How `gantry init` names a pipeline after its folder.
@Suite struct ProjectScaffoldTests {
    @Test func folderNamesBecomeSafePipelineNames() {
        #expect(ProjectScaffold.defaultName(forFolder: "webshop") == "webshop")
        #expect(ProjectScaffold.defaultName(forFolder: "My Shop!") == "my-shop")
        #expect(ProjectScaffold.defaultName(forFolder: "api_v2.backend") == "api_v2-backend")
        #expect(ProjectScaffold.defaultName(forFolder: "--Ünïcode--") == "n-code")
        #expect(ProjectScaffold.defaultName(forFolder: "$$$") == "app")
        #expect(ProjectScaffold.defaultName(forFolder: String(repeating: "a", count: 100)).count == 64)
    }

    @Test func onlySafeNamesAreAccepted() {
        #expect(ProjectScaffold.isValidName("shop-2"))
        #expect(ProjectScaffold.isValidName("shop_api"))
        for bad in ["", "-shop", "_shop", "Shop", "shop app", "../etc", "a/b", "shöp", String(repeating: "a", count: 65)] {
            #expect(!ProjectScaffold.isValidName(bad), "\(bad)")
        }
    }
}
