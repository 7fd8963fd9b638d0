/// Facts about the pipeline format this build understands.
public enum GantryModelInfo {
    /// The highest (and only) `version:` of the pipeline format this build reads.
    public static let supportedVersion = 1
}
