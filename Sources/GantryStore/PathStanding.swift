/// Where one artifact stands in one environment, for the promotion-path gate.
///
/// The gate trusts the present, not history: an artifact may leave `from` when it is what
/// `from` runs now, or when it succeeded there and no rollback has happened there since.
public struct PathStanding: Sendable, Equatable {
    /// What runs in the environment now (its latest successful deployment that changed the artifact).
    public var current: Deployment?
    /// The artifact's latest successful deployment there.
    public var lastSuccess: Deployment?
    /// The first successful rollback there after `lastSuccess`, which undid it (or what replaced it).
    public var rollbackSince: Deployment?

    public init(current: Deployment?, lastSuccess: Deployment?, rollbackSince: Deployment?) {
        self.current = current
        self.lastSuccess = lastSuccess
        self.rollbackSince = rollbackSince
    }
}
