import Foundation
import GantryModel
import GantryStore

/// The `${…}` values that come from the artifact and the deployment.
enum ArtifactContext {
    static func fill(_ context: inout RenderContext, artifact: Artifact, secrets: [String: String],
                     previousTag: String? = nil, releaseID: Int64? = nil) {
        context[.artifactTag] = artifact.tag
        context[.artifactDigest] = artifact.digest ?? ""
        context[.gitSHA] = artifact.commit
        context[.gitShortSHA] = String(artifact.commit.prefix(7))
        // The ref an artifact was built from is not part of its identity; these stay empty
        // unless the build recorded them.
        if context[.gitBranch] == nil { context[.gitBranch] = "" }
        if context[.gitTag] == nil { context[.gitTag] = "" }
        if let previousTag { context[.previousTag] = previousTag }
        if let releaseID { context[.releaseID] = String(releaseID) }
        context.setSecrets(secrets)
    }
}
