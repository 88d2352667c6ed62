/// A configuration source could not read a path.
public struct ConfigSourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The file is larger than the source's limit; it was not read.
        case tooLarge(size: Int, limit: Int)
        /// The path tries to leave the source's root (`..`, absolute).
        case unsafePath
        /// An I/O or backend error.
        case unreadable
        /// A folder nested deeper than the limit below the folder being walked; `path` is that folder.
        case tooDeep(limit: Int)
        /// More files than the limit below the folder being walked.
        case tooManyFiles(limit: Int)
    }

    /// What went wrong.
    public let kind: Kind
    /// The repository-relative path.
    public let path: String
    /// A sentence for people.
    public let message: String

    /// Creates an error.
    public init(kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
