import Foundation
import Testing
import GantryTestSupport

/// `releases: { path, keep }` against the real test sshd: old release folders go, the running
/// and the previous release stay.
@Suite(.serialized) struct ReleasePruneEndToEndTests {
    static let releases = "{ path: \"${vars.ROOT}/${host.name}/releases\", keep: 5 }"

    /// Seven commits, each built and deployed to development; returns the tags in order.
    func deploySeven(_ project: DeployProject) throws -> [String] {
        var tags: [String] = []
        for version in 1...7 {
            if version > 1 {
                try project.repo.write("app/VERSION", "\(version)\n")
                try project.repo.commit("Version \(version)")
            }
            let tag = try project.build()
            let deployed = try project.gantry("deploy", "shop", "development", "--artifact", tag)
            #expect(deployed.status == 0, "\(deployed.stdout)\(deployed.stderr)")
            tags.append(tag)
        }
        return tags
    }

    func entries(_ project: DeployProject, folders: Bool) throws -> Set<String> {
        let path = project.hostsRoot + "/dev-1/releases"
        return Set(try FileManager.default.contentsOfDirectory(atPath: path).filter { name in
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isFolder)
            let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: path + "/" + name)) != nil
            return exists && !link && isFolder.boolValue == folders
        })
    }

    @Test func sevenDeploymentsWithKeepFiveLeaveTheFiveNewestFolders() throws {
        let project = try DeployProject(releases: Self.releases)
        let tags = try deploySeven(project)
        #expect(try entries(project, folders: true) == Set(tags.suffix(5)))
        // Files in the folder (the uploaded tarballs) are not release folders: left alone.
        #expect(try entries(project, folders: false) == Set(tags.map { "\($0).tgz" }))
        #expect(project.currentRelease("dev-1") == tags.last)

        // plan shows the prune, and says which gates it evaluated against the store.
        let plan = try project.gantry("plan", "shop", "staging", "--json")
        let report = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any]
        let releases = report?["releases"] as? [String: Any]
        #expect(releases?["path"] as? String == project.hostsRoot + "/<host.name>/releases")
        #expect(releases?["keep"] as? Int == 5)
        let gates = report?["gates"] as? [[String: Any]] ?? []
        #expect(gates.count == 6 && gates.allSatisfy { $0["evaluated"] as? Bool == true }, "\(gates)")
        #expect((report?["evaluation"] as? [[String: Any]])?.first?["status"] as? String == "passed")
        #expect(report?["evaluation_note"] == nil)
    }

    @Test func theRunningAndThePreviousReleaseStayEvenWhenTheyAreTheOldest() throws {
        // Each release folder is made older than the one before it (by its deployment id), so
        // the running release is the oldest by modification time and the previous one next.
        let aged = """
              - name: age
                run: "mkdir -p ${vars.ROOT}/${host.name}/releases/${artifact.tag} && touch -d @$((1500000000 - ${release.id} * 1000)) ${vars.ROOT}/${host.name}/releases/${artifact.tag} && ln -sfn ${vars.ROOT}/${host.name}/releases/${artifact.tag} ${vars.ROOT}/${host.name}/releases/latest"
            """
        let project = try DeployProject(extraSteps: aged, artifact: "  tag: \"${git.short_sha}\"", releases: Self.releases)
        let tags = try deploySeven(project)
        // Kept: the running (7th) and previous (6th) release, and the three newest of the rest,
        // which are the first three deployed; the 4th and 5th are gone.
        #expect(try entries(project, folders: true) == Set([tags[0], tags[1], tags[2], tags[5], tags[6]]))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: project.hostsRoot + "/dev-1/releases/latest")) != nil)
        #expect(project.currentRelease("dev-1") == tags[6])
    }

    @Test func aPruneThatCannotRunIsAWarningNotAFailure() throws {
        let project = try DeployProject(releases: "{ path: \"${vars.ROOT}/${host.name}/missing\" }")
        let tag = try project.build()
        let deployed = try project.gantry("deploy", "shop", "development", "--artifact", tag)
        #expect(deployed.status == 0, "\(deployed.stderr)")
        #expect(deployed.stdout.contains("releases not fully pruned on dev-1: exit 1"))
        #expect(deployed.stdout.contains("deployment #1 succeeded"))
    }
}
