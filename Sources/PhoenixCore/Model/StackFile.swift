import Foundation

/// One file of a stack folder.
public struct StackFile: Sendable, Hashable {
    /// Repository-relative path (`stacks/qdrant_service/docker-compose.yml`).
    public var path: String
    /// Path inside the stack folder (`docker-compose.yml`, `configs/prod.env`).
    public var relativePath: String
    /// The content.
    public var bytes: Data

    /// Creates a file.
    public init(path: String, relativePath: String, bytes: Data) {
        self.path = path
        self.relativePath = relativePath
        self.bytes = bytes
    }
}
