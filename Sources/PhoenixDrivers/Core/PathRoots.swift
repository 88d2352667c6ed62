/// The places one stage may touch, set by the operator (the settings), never by the repository:
/// absolute folders or single files on the host and inside guests. A path is inside a root when it
/// is the root itself or lies below it.
///
/// Drivers open a confined path in two parts: the root, resolved as the operator wrote it (a root may
/// itself be, or lie under, a symlink the operator made), then every component below the root one at
/// a time with `openat(…, O_NOFOLLOW)`. A symlink below a root, whoever planted it, is never followed
/// (docs/adr/0016-path-confinement.md).
public struct PathRoots: Sendable, Hashable, Codable {
    /// Folders or files on the host.
    public var host: [String]
    /// Folders or files inside any guest (the stages write the same paths in every guest they serve).
    public var guests: [String]

    /// Roots on the host and in guests.
    public init(host: [String] = [], guests: [String] = []) {
        self.host = Self.normalized(host)
        self.guests = Self.normalized(guests)
    }

    /// No root: every file operation is refused.
    public static let nothing = PathRoots()

    /// The roots at a location.
    public func roots(at location: Location) -> [String] {
        location == .host ? host : guests
    }

    /// The root that holds `normalized` at `location` (the longest one), or nil.
    public func root(containing normalized: String, at location: Location) -> String? {
        roots(at: location).filter { Self.contains($0, normalized) }.max { $0.count < $1.count }
    }

    /// Whether `path` (absolute, normalized) is `root` or lies below it.
    public static func contains(_ root: String, _ path: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root + "/")
    }

    /// Whether a listing of `folder` may look inside: the folder is inside a root.
    func allowsListing(_ folder: String, at location: Location) -> Bool {
        root(containing: folder, at: location) != nil
    }

    /// "//a/b/" → "/a/b"; relative or `..`-bearing entries are dropped (they cannot name a root).
    static func normalized(_ paths: [String]) -> [String] {
        var out: [String] = []
        for path in paths where path.hasPrefix("/") {
            let parts = path.split(separator: "/", omittingEmptySubsequences: true)
            guard !parts.contains(where: { $0 == "." || $0 == ".." }) else { continue }
            let joined = "/" + parts.joined(separator: "/")
            if !out.contains(joined) { out.append(joined) }
        }
        return out.sorted()
    }
}
