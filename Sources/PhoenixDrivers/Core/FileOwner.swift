import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C `struct group`, named so that `FileOwner.group` does not shadow it.
private typealias GroupEntry = group

/// An owner given as "user" or "user:group" (names or numeric ids), validated so that it can be passed
/// as a single argv element to `chown` or split into `pct push --user U --group G`.
struct FileOwner: Sendable, Hashable {
    var user: String
    var group: String?

    /// Parses and validates; throws `invalidRequest` for anything else.
    init(parsing text: String, at location: Location) throws {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let user = parts.first, Self.isValidName(user) else {
            throw DriverError.invalidRequest(location: location, reason: "owner \(text.debugDescription) is not user[:group]")
        }
        if parts.count == 2 {
            guard Self.isValidName(parts[1]) else {
                throw DriverError.invalidRequest(location: location, reason: "owner \(text.debugDescription) is not user[:group]")
            }
            group = parts[1]
        }
        self.user = user
    }

    /// "user" or "user:group", as `chown` takes it.
    var chownArgument: String { group.map { "\(user):\($0)" } ?? user }

    /// POSIX-ish user/group names (letters, digits, `_`, `.`, `-`, optional trailing `$`) or numeric ids;
    /// never starting with `-`, so it cannot be read as an option.
    private static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != "-", name.count <= 64 else { return false }
        let body = name.hasSuffix("$") ? name.dropLast() : Substring(name)
        return !body.isEmpty
            && body.unicodeScalars.allSatisfy {
                ($0.value < 128) && (CharacterSet.alphanumerics.contains($0) || "_.-".unicodeScalars.contains($0))
            }
    }

    /// Numeric ids for a local chown, looked up in this machine's user and group databases.
    func resolveIDs(at location: Location) throws -> (uid: uid_t, gid: gid_t) {
        let uid: uid_t
        var primaryGroup: gid_t?
        if let numeric = UInt32(user) {
            uid = numeric
        } else {
            guard let entry = Self.lookupUser(user) else {
                throw DriverError.invalidRequest(location: location, reason: "unknown user \(user)")
            }
            uid = entry.uid
            primaryGroup = entry.gid
        }
        let gid: gid_t
        if let group {
            if let numeric = UInt32(group) {
                gid = numeric
            } else {
                guard let found = Self.lookupGroup(group) else {
                    throw DriverError.invalidRequest(location: location, reason: "unknown group \(group)")
                }
                gid = found
            }
        } else if let primaryGroup {
            gid = primaryGroup
        } else {
            gid = gid_t.max  // (gid_t)-1: leave the group unchanged
        }
        return (uid, gid)
    }

    private static func lookupUser(_ name: String) -> (uid: uid_t, gid: gid_t)? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getpwnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return (entry.pw_uid, entry.pw_gid)
    }

    private static func lookupGroup(_ name: String) -> gid_t? {
        var entry = GroupEntry()
        var result: UnsafeMutablePointer<GroupEntry>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return entry.gr_gid
    }
}
