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
        // The ref an artifact was built from is not part of its identity: `${git.branch}` and
        // `${git.tag}` have no value in a deployment, and rendering them fails before any host
        // is touched (never an empty string in `rm -rf /srv/app/${git.branch}`).
        if let previousTag { context[.previousTag] = previousTag }
        if let releaseID { context[.releaseID] = String(releaseID) }
        context.setSecrets(secrets)
    }
}
