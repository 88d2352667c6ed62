import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `write(2)`, named apart from the methods called `write` in this file.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
    #else
        Darwin.write(fd, buffer, count)
    #endif
}

/// Local file operations confined to a base folder that stands for one location ("/" for a real host,
/// `<root>/lxc/101` for a container of the local driver).
///
/// Containment: a path with `..` is refused before it is joined; then the real path (symlinks resolved)
/// of the file, or of its deepest existing ancestor, must stay inside the real path of the base. A
/// symlink inside the tree that points inside it is followed; one pointing out is refused. Writes
/// replace a final symlink (rename) rather than writing through it.
struct RootedFileSystem: Sendable {
    /// The folder standing for the location's "/".
    let base: String
    /// For error messages.
    let location: Location
    /// The operator-set roots at this location, or nil for the whole base (legacy containment by
    /// resolved path). With roots, every operation goes through `ConfinedFileSystem`.
    var roots: [String]? = nil

    /// Suffix of our temporary files; listings skip them.
    static let temporaryMarker = ".phoenix-tmp-"

    /// The local path for a normalized guest path (no checks).
    func localPath(_ normalized: String) -> String {
        normalized == "/" ? base : (base == "/" ? normalized : base + normalized)
    }

    // MARK: - Operations

    func read(_ path: String) throws -> Data? {
        let normalized = try GuestPath.normalize(path, at: location)
        if let confined { return try confined.read(normalized) }
        let local = localPath(normalized)
        guard let realBase = Self.realPath(base) else { return nil }
        var info = stat()
        guard stat(local, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR {
                try checkContained(deepestExistingAncestor(of: local), realBase: realBase, path: normalized)
                return nil
            }
            throw fileError("read", normalized)
        }
        try checkContained(local, realBase: realBase, path: normalized)
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw DriverError.fileSystem(operation: "read", path: normalized, location: location, reason: "not a regular file")
        }
        guard let data = FileManager.default.contents(atPath: local) else { throw fileError("read", normalized) }
        return data
    }

    func write(_ path: String, contents: Data, mode: Int, owner: (uid: uid_t, gid: gid_t)?) throws {
        let normalized = try GuestPath.normalize(path, at: location)
        try validateMode(mode, at: location)
        try PmxcfsRule.checkWrite(normalized, mode: mode, hasOwner: owner != nil, local: localPath(normalized), location: location)
        if let confined { return try confined.write(normalized, contents: contents, mode: mode, owner: owner) }
        let parent = localPath(GuestPath.parent(of: normalized))
        try makeDirectories(parent, for: normalized)
        guard let realBase = Self.realPath(base) else { throw fileError("write", normalized) }
        try checkContained(parent, realBase: realBase, path: normalized)

        let name = GuestPath.lastComponent(of: normalized)
        let temporary = "\(parent)/.\(name)\(Self.temporaryMarker)\(UInt32.random(in: .min ... .max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw fileError("write", normalized) }
        var committed = false
        defer {
            if !committed { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            try writeAll(fd, contents, path: normalized)
            guard fchmod(fd, mode_t(mode)) == 0 else { throw fileError("chmod", normalized) }
            if let owner, fchown(fd, owner.uid, owner.gid) != 0 { throw fileError("chown", normalized) }
            guard fsync(fd) == 0 else { throw fileError("fsync", normalized) }
        }
        guard rename(temporary, localPath(normalized)) == 0 else { throw fileError("rename", normalized) }
        committed = true
        syncDirectory(parent)
    }

    func remove(_ path: String) throws {
        let normalized = try GuestPath.normalize(path, at: location)
        if let confined { return try confined.remove(normalized) }
        guard let realBase = Self.realPath(base) else { return }
        let local = localPath(normalized)
        var info = stat()
        guard lstat(local, &info) == 0 else { return }
        try checkContained(localPath(GuestPath.parent(of: normalized)), realBase: realBase, path: normalized)
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw DriverError.fileSystem(operation: "remove", path: normalized, location: location, reason: "is a folder")
        }
        guard unlink(local) == 0 || errno == ENOENT else { throw fileError("remove", normalized) }
    }

    func list(_ directory: String) throws -> [String] {
        let normalized = try GuestPath.normalize(directory, at: location, allowRoot: true)
        if let confined { return try confined.list(normalized) }
        guard let realBase = Self.realPath(base) else { return [] }
        let local = localPath(normalized)
        var info = stat()
        guard stat(local, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw fileError("list", normalized)
        }
        try checkContained(local, realBase: realBase, path: normalized)
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw DriverError.fileSystem(operation: "list", path: normalized, location: location, reason: "not a folder")
        }
        var found: [String] = []
        try collect(local, prefix: "", into: &found, path: normalized)
        return found.sorted()
    }

    /// The confined view when roots are set.
    private var confined: ConfinedFileSystem? {
        roots.map { ConfinedFileSystem(base: base, location: location, roots: $0) }
    }

    // MARK: - Helpers

    /// Walks real folders only (symlinks are listed as entries, never followed).
    private func collect(_ folder: String, prefix: String, into found: inout [String], path: String) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw DriverError.fileSystem(operation: "list", path: path, location: location, reason: "cannot read folder")
        }
        for name in names where !name.contains(Self.temporaryMarker) {
            var info = stat()
            guard lstat("\(folder)/\(name)", &info) == 0 else { continue }
            let relative = prefix.isEmpty ? name : "\(prefix)/\(name)"
            switch info.st_mode & S_IFMT {
            case S_IFDIR: try collect("\(folder)/\(name)", prefix: relative, into: &found, path: path)
            case S_IFREG, S_IFLNK: found.append(relative)
            default: continue
            }
        }
    }

    /// mkdir -p, one component at a time, re-checking containment as it goes (an existing component
    /// may be a symlink pointing elsewhere).
    func makeDirectories(_ folder: String, for path: String) throws {
        if base != "/" {
            var info = stat()
            if stat(base, &info) != 0 {
                do {
                    try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
                } catch {
                    throw DriverError.fileSystem(
                        operation: "create folder", path: "/", location: location, reason: "cannot create \(base)")
                }
            }
        }
        guard let realBase = Self.realPath(base) else { throw fileError("create folder", path) }
        let relative = folder == base ? "" : String(folder.dropFirst(base == "/" ? 0 : base.count))
        var current = base == "/" ? "" : base
        for component in relative.split(separator: "/") {
            current += "/\(component)"
            var info = stat()
            if stat(current, &info) == 0 {
                try checkContained(current, realBase: realBase, path: path)
                guard (info.st_mode & S_IFMT) == S_IFDIR else {
                    throw DriverError.fileSystem(
                        operation: "write", path: path, location: location,
                        reason: "a parent (\(component)) exists and is not a folder")
                }
                continue
            }
            try checkContained(GuestPath.parent(of: current), realBase: realBase, path: path)
            guard mkdir(current, 0o755) == 0 || errno == EEXIST else { throw fileError("create folder", path) }
        }
    }

    /// Refuses a local path whose resolved form leaves the base.
    func checkContained(_ local: String, path: String) throws {
        guard let realBase = Self.realPath(base) else { throw fileError("resolve", path) }
        try checkContained(local, realBase: realBase, path: path)
    }

    private func checkContained(_ local: String, realBase: String, path: String) throws {
        guard let real = Self.realPath(local) else { throw fileError("resolve", path) }
        let inside = realBase == "/" || real == realBase || real.hasPrefix(realBase + "/")
        guard inside else { throw DriverError.pathEscapesRoot(path: path, location: location) }
    }

    private func deepestExistingAncestor(of local: String) -> String {
        var current = local
        var info = stat()
        while current != "/" && !current.isEmpty {
            current = GuestPath.parent(of: current)
            if stat(current, &info) == 0 { return current }
        }
        return "/"
    }

    private func writeAll(_ fd: Int32, _ data: Data, path: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw fileError("write", path)
                }
                offset += written
            }
        }
    }

    /// Makes the rename durable: fsync of the containing folder.
    private func syncDirectory(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private func fileError(_ operation: String, _ path: String) -> DriverError {
        DriverError.fileSystem(
            operation: operation, path: path, location: location, reason: String(cString: strerror(errno)))
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
