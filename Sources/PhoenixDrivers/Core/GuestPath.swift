/// Validation shared by every driver: a path inside a location is absolute, printable and free of
/// `.`/`..` components. Refusing (rather than resolving) `..` keeps a config value from naming a file
/// outside the place it was meant for, and keeps argv built from it unambiguous (it never starts with `-`).
enum GuestPath {
    /// The normalized path ("//a//b/" → "/a/b"), or an `invalidPath` error.
    /// - Parameter allowRoot: "/" itself is acceptable (for directory listings), not for files.
    static func normalize(_ path: String, at location: Location, allowRoot: Bool = false) throws -> String {
        let components = try self.components(path, at: location)
        if components.isEmpty && !allowRoot {
            throw DriverError.invalidPath(path: path, location: location, reason: "names the root folder, not a file")
        }
        return "/" + components.joined(separator: "/")
    }

    /// The components of a valid absolute path.
    static func components(_ path: String, at location: Location) throws -> [String] {
        guard path.hasPrefix("/") else {
            throw DriverError.invalidPath(path: path, location: location, reason: "not an absolute path")
        }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw DriverError.invalidPath(
                path: path.debugDescription, location: location, reason: "contains control characters")
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if components.contains(where: { $0 == "." || $0 == ".." }) {
            throw DriverError.invalidPath(path: path, location: location, reason: "contains . or .. components")
        }
        return components
    }

    /// "/a/b/c" → "/a/b"; "/a" → "/".
    static func parent(of normalized: String) -> String {
        guard let slash = normalized.lastIndex(of: "/"), slash != normalized.startIndex else { return "/" }
        return String(normalized[..<slash])
    }

    /// "/a/b/c" → "c".
    static func lastComponent(of normalized: String) -> String {
        normalized.split(separator: "/").last.map(String.init) ?? ""
    }
}
