import Foundation
import PhoenixStages

/// One rendered artifact that a stage's run would change, with both contents when known (for the
/// unified diff of `plan`).
public struct ArtifactChange: Sendable, Hashable {
    /// How the artifact changes.
    public enum Change: String, Sendable, Hashable, Codable {
        /// Rendered now, not before.
        case added
        /// Rendered before and now, with different bytes.
        case modified
        /// Rendered before, not now (the stage removes the file it wrote).
        case removed
    }

    /// The stage.
    public var stage: StageID
    /// Destination (location, path, kind).
    public var key: ArtifactKey
    /// How it changes.
    public var change: Change
    /// SHA-256 of what was last applied (or rendered at the base); nil for `added`.
    public var oldDigest: String?
    /// SHA-256 of the new render; nil for `removed`.
    public var newDigest: String?
    /// The previous bytes, when known: the base's render of the same artifact with the old digest.
    /// Nil for `added`, and when only the applied digest is known (the base rendered something else).
    public var oldContents: Data?
    /// The new bytes (nil for `removed`).
    public var newContents: Data?
    /// The new artifact's permission bits (nil for `removed`).
    public var mode: Int?

    /// Creates a change.
    public init(
        stage: StageID, key: ArtifactKey, change: Change, oldDigest: String?, newDigest: String?, oldContents: Data?,
        newContents: Data?, mode: Int?
    ) {
        self.stage = stage
        self.key = key
        self.change = change
        self.oldDigest = oldDigest
        self.newDigest = newDigest
        self.oldContents = oldContents
        self.newContents = newContents
        self.mode = mode
    }
}
