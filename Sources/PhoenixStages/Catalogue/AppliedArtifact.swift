/// What a stage applied last time for one artifact: enough to detect drift, skip identical output,
/// and remove a file the new render no longer produces (only files we wrote are ever removed).
public struct AppliedArtifact: Sendable, Hashable, Codable {
    /// Destination.
    public var key: ArtifactKey
    /// SHA-256 of what was applied.
    public var digest: String

    /// Creates a record.
    public init(key: ArtifactKey, digest: String) {
        self.key = key
        self.digest = digest
    }

    /// The record of an artifact.
    public init(_ artifact: Artifact) {
        self.init(key: artifact.key, digest: artifact.digest)
    }
}
