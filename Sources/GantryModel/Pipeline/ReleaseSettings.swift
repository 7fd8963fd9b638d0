/// `releases:` — the folder where the pipeline's own steps keep one folder per release, and how
/// many of them stay on each host after a successful deployment.
///
/// Gantry does not decide the layout: the steps create the release folders. The prune only
/// removes old folders under `path`, never the running release nor the previous one.
public struct ReleaseSettings: Sendable, Hashable {
    /// The folder holding the release folders. It may refer to vars, `env.name`, `host.name`
    /// and `host.address` only: it is rendered per host after the deployment.
    public var path: Template
    /// Release folders left on each host, the running and the previous one included.
    public var keep: Int
    public var location: SourceLocation

    /// `keep` when the pipeline does not say.
    public static let defaultKeep = 5
    /// The largest `keep` accepted.
    public static let mostKept = 1000
}
