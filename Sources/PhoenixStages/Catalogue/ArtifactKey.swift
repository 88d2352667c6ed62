import PhoenixDrivers

/// The identity of an artifact's destination: the same key in two renders is the same file.
public struct ArtifactKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Where.
    public var location: Location
    /// Absolute path (or intent name).
    public var path: String
    /// File or intent.
    public var kind: Artifact.Kind

    /// Creates a key.
    public init(location: Location, path: String, kind: Artifact.Kind = .file) {
        self.location = location
        self.path = path
        self.kind = kind
    }

    public var description: String { "\(location):\(path)" }

    public static func < (lhs: ArtifactKey, rhs: ArtifactKey) -> Bool {
        (lhs.location, lhs.path) < (rhs.location, rhs.path)
    }
}
