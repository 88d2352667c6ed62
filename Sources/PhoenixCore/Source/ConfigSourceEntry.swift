/// One entry of a folder listing.
public struct ConfigSourceEntry: Sendable, Hashable {
    /// The entry's name (one path component).
    public var name: String
    /// Whether it is a folder (otherwise a file).
    public var isFolder: Bool

    /// Creates an entry.
    public init(name: String, isFolder: Bool) {
        self.name = name
        self.isFolder = isFolder
    }
}
