import PhoenixDrivers
import PhoenixStages

/// One applied artifact as written in state.json and status.json: where it went and the SHA-256 of
/// its bytes (never the bytes: rendered files may hold secrets).
public struct ArtifactRecord: Sendable, Hashable, Codable, Comparable {
    /// `host`, `lxc 101`, `vm 1001`.
    public var location: Location
    /// Absolute path at the location (or intent name for `desired-state`).
    public var path: String
    /// `file` or `desired-state`.
    public var kind: Artifact.Kind
    /// Lower-case hex SHA-256.
    public var sha256: String

    /// Creates a record.
    public init(location: Location, path: String, kind: Artifact.Kind, sha256: String) {
        self.location = location
        self.path = path
        self.kind = kind
        self.sha256 = sha256
    }

    /// The record of an applied artifact.
    public init(_ applied: AppliedArtifact) {
        self.init(location: applied.key.location, path: applied.key.path, kind: applied.key.kind, sha256: applied.digest)
    }

    /// Back to the stages' type.
    public var applied: AppliedArtifact {
        AppliedArtifact(key: ArtifactKey(location: location, path: path, kind: kind), digest: sha256)
    }

    public static func < (lhs: ArtifactRecord, rhs: ArtifactRecord) -> Bool {
        (lhs.location, lhs.path, lhs.kind.rawValue) < (rhs.location, rhs.path, rhs.kind.rawValue)
    }
}
