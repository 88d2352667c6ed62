import Crypto
import Foundation
import PhoenixDrivers

/// One rendered output of a stage: bytes and where they go.
///
/// `file` artifacts are written to their destination through the host driver. `desiredState`
/// artifacts are never written: they are the stage's rendered intent (swarm membership and labels,
/// the stacks to deploy, certificate requests) in a canonical text form, so the planner can compare
/// digests for every stage alike and an operator can read the diff in `plan`.
public struct Artifact: Sendable, Hashable {
    /// Whether the artifact is a file on a host/guest or a rendered intent.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A file written to `location`:`path`.
        case file
        /// The stage's intent, compared by digest, never written.
        case desiredState = "desired-state"
    }

    /// The stage that rendered it.
    public var stage: StageID
    /// Where it goes.
    public var location: Location
    /// Absolute path at `location` (for `desiredState`, a stable name such as `swarm/nodes`).
    public var path: String
    /// The bytes.
    public var contents: Data
    /// Permission bits (`0o644`).
    public var mode: Int
    /// `user` or `user:group`, or nil to leave ownership alone.
    public var owner: String?
    /// File or intent.
    public var kind: Kind

    /// Creates an artifact.
    public init(
        stage: StageID, location: Location, path: String, contents: Data, mode: Int = 0o644, owner: String? = nil,
        kind: Kind = .file
    ) {
        self.stage = stage
        self.location = location
        self.path = path
        self.contents = contents
        self.mode = mode
        self.owner = owner
        self.kind = kind
    }

    /// Creates an artifact from text (UTF-8).
    public init(
        stage: StageID, location: Location, path: String, text: String, mode: Int = 0o644, owner: String? = nil,
        kind: Kind = .file
    ) {
        self.init(
            stage: stage, location: location, path: path, contents: Data(text.utf8), mode: mode, owner: owner, kind: kind)
    }

    /// Lower-case hex SHA-256 of the contents.
    public var digest: String { Artifact.sha256(contents) }

    /// The key that identifies the destination across renders.
    public var key: ArtifactKey { ArtifactKey(location: location, path: path, kind: kind) }

    /// Lower-case hex SHA-256 of `data`.
    public static func sha256(_ data: Data) -> String {
        // Written through a byte table: `String(format: "%02x")` per byte cost 0.63 s of a 3.2 s first
        // run at 10,000 guests (issue #16), 32 Foundation format calls per digest.
        let digest = SHA256.hash(data: data)
        return String(unsafeUninitializedCapacity: 64) { buffer in
            var index = 0
            for byte in digest {
                buffer[index] = hexDigits[Int(byte >> 4)]
                buffer[index + 1] = hexDigits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
