import Foundation
import PhoenixCore
import PhoenixStages

/// `manifest.json` of a render folder (docs/render-format.md): every artifact with its stage,
/// destination, kind, mode, SHA-256 and the file holding its bytes.
public struct RenderManifest: Codable, Sendable, Hashable {
    /// Always `phoenix-render`.
    public var format = "phoenix-render"
    /// The schema version.
    public var version = 1
    /// What was rendered (`commit 1a2b3c4`, `folder /srv/config`).
    public var source: String
    /// The full commit id, when rendered from git.
    public var commit: String?
    /// The stages rendered, in run order.
    public var stages: [String]
    /// Every artifact, in stage order then the stage's own order.
    public var artifacts: [Entry]
    /// Findings of the renders (errors included: such a stage would not be applied).
    public var diagnostics: [Finding]

    /// Creates a manifest.
    public init(source: String, commit: String?, stages: [String], artifacts: [Entry], diagnostics: [Finding]) {
        self.source = source
        self.commit = commit
        self.stages = stages
        self.artifacts = artifacts
        self.diagnostics = diagnostics
    }

    /// One artifact.
    public struct Entry: Codable, Sendable, Hashable {
        /// The stage that rendered it.
        public var stage: String
        /// `host`, `lxc 220`, `vm 310`.
        public var location: String
        /// Absolute path at the location (or the intent name of a desired-state artifact).
        public var path: String
        /// `file` or `desired-state`.
        public var kind: String
        /// Permission bits in octal (`0644`).
        public var mode: String
        /// `user` or `user:group`, or null.
        public var owner: String?
        /// Lower-case hex SHA-256 of the bytes.
        public var sha256: String
        /// Size in bytes.
        public var size: Int
        /// Where the bytes are, relative to the render folder.
        public var file: String

        /// Creates an entry.
        public init(
            stage: String, location: String, path: String, kind: String, mode: String, owner: String?, sha256: String,
            size: Int, file: String
        ) {
            self.stage = stage
            self.location = location
            self.path = path
            self.kind = kind
            self.mode = mode
            self.owner = owner
            self.sha256 = sha256
            self.size = size
            self.file = file
        }

        enum CodingKeys: String, CodingKey {
            case stage, location, path, kind, mode, owner, sha256, size, file
        }

        /// Encodes every key (`null` when absent).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(stage, forKey: .stage)
            try c.encode(location, forKey: .location)
            try c.encode(path, forKey: .path)
            try c.encode(kind, forKey: .kind)
            try c.encode(mode, forKey: .mode)
            try c.encode(owner, forKey: .owner)
            try c.encode(sha256, forKey: .sha256)
            try c.encode(size, forKey: .size)
            try c.encode(file, forKey: .file)
        }
    }

    /// A render finding.
    public struct Finding: Codable, Sendable, Hashable {
        /// The stage.
        public var stage: String
        /// `error`, `warning` or `info`.
        public var severity: String
        /// The finding's code.
        public var code: String
        /// The config file concerned, or null.
        public var file: String?
        /// The JSON pointer concerned, or null.
        public var pointer: String?
        /// What is wrong.
        public var message: String

        /// A finding of `stage`.
        public init(stage: StageID, _ diagnostic: Diagnostic) {
            self.stage = stage.rawValue
            severity = diagnostic.severity.rawValue
            code = diagnostic.code.rawValue
            file = diagnostic.file
            pointer = diagnostic.pointer?.description
            message = diagnostic.message
        }

        enum CodingKeys: String, CodingKey {
            case stage, severity, code, file, pointer, message
        }

        /// Encodes every key (`null` when absent).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(stage, forKey: .stage)
            try c.encode(severity, forKey: .severity)
            try c.encode(code, forKey: .code)
            try c.encode(file, forKey: .file)
            try c.encode(pointer, forKey: .pointer)
            try c.encode(message, forKey: .message)
        }
    }

    /// Whether a render had an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == Severity.error.rawValue } }
}
