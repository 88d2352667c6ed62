import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `read(2)`, named apart from the method called `read` in this file.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(fd, buffer, count)
    #else
        Darwin.read(fd, buffer, count)
    #endif
}

/// `write(2)`, named apart from the method called `write` in this file.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
    #else
        Darwin.write(fd, buffer, count)
    #endif
}

/// File operations inside operator-set roots, opened component by component without following
/// symlinks (`openat` + `O_NOFOLLOW`), below a base folder standing for a location's "/".
///
/// A path is split at its root: the root (or, for a root that names a file, its parent folder) is
/// opened as the operator wrote it, symlinks included, and must resolve inside the base; everything
/// below it is opened one component at a time relative to the folder before, refusing symlinks. So a
/// symlink planted in a managed folder (the NFS-exported stacks share) can neither redirect a write
/// nor a removal, nor make a read return a file the stage did not write. A final symlink is replaced
/// by a write (rename) and removed by a removal (the link itself); reading one is refused.
struct ConfinedFileSystem {
    /// The folder standing for the location's "/".
    let base: String
    /// For errors.
    let location: Location
    /// The roots at this location (normalized).
    let roots: [String]

    // MARK: - Operations

    func read(_ normalized: String) throws -> Data? {
        let (anchor, rest) = try split(normalized)
        guard let parent = try walk(anchor: anchor, rest.dropLast(), create: false, path: normalized) else { return nil }
        defer { close(parent) }
        let name = rest.last ?? ""
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return nil }
            throw fileError("read", normalized)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: throw DriverError.symlinkRefused(path: normalized, location: location)
        default:
            throw DriverError.fileSystem(operation: "read", path: normalized, location: location, reason: "not a regular file")
        }
        let fd = openat(parent, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw fileError("read", normalized) }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw fileError("read", normalized)
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    func write(_ normalized: String, contents: Data, mode: Int, owner: (uid: uid_t, gid: gid_t)?) throws {
        let (anchor, rest) = try split(normalized)
        guard let parent = try walk(anchor: anchor, rest.dropLast(), create: true, path: normalized) else {
            throw fileError("write", normalized)
        }
        defer { close(parent) }
        let name = rest.last ?? ""
        let temporary = ".\(name)\(RootedFileSystem.temporaryMarker)\(UInt32.random(in: .min ... .max))"
        let fd = openat(parent, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw fileError("write", normalized) }
        var committed = false
        defer {
            if !committed { unlinkat(parent, temporary, 0) }
        }
        do {
            defer { close(fd) }
            try writeAll(fd, contents, path: normalized)
            guard fchmod(fd, mode_t(mode)) == 0 else { throw fileError("chmod", normalized) }
            if let owner, fchown(fd, owner.uid, owner.gid) != 0 { throw fileError("chown", normalized) }
            guard fsync(fd) == 0 else { throw fileError("fsync", normalized) }
        }
        guard renameat(parent, temporary, parent, name) == 0 else { throw fileError("rename", normalized) }
        committed = true
        _ = fsync(parent)
    }

    func remove(_ normalized: String) throws {
        let (anchor, rest) = try split(normalized)
        guard let parent = try walk(anchor: anchor, rest.dropLast(), create: false, path: normalized) else { return }
        defer { close(parent) }
        let name = rest.last ?? ""
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return }
            throw fileError("remove", normalized)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw DriverError.fileSystem(operation: "remove", path: normalized, location: location, reason: "is a folder")
        }
        guard unlinkat(parent, name, 0) == 0 || errno == ENOENT else { throw fileError("remove", normalized) }
    }

    func list(_ normalized: String) throws -> [String] {
        guard let root = root(containing: normalized) else {
            throw DriverError.outsideRoots(path: normalized, location: location)
        }
        let rest = components(below: root, of: normalized)
        guard let folder = try walk(anchor: root, rest[...], create: false, path: normalized) else {
            return []
        }
        var found: [String] = []
        try collect(folder, prefix: "", into: &found, path: normalized)
        return found.sorted()
    }

    // MARK: - Walking

    /// The root holding the path (the longest), or nil.
    private func root(containing normalized: String) -> String? {
        roots.filter { PathRoots.contains($0, normalized) }.max { $0.count < $1.count }
    }

    private func components(below root: String, of normalized: String) -> [String] {
        let rest = root == "/" ? normalized : String(normalized.dropFirst(root.count))
        return rest.split(separator: "/").map(String.init)
    }

    /// (folder opened following symlinks, components opened without) for a file path.
    private func split(_ normalized: String) throws -> (anchor: String, rest: [String]) {
        guard let root = root(containing: normalized) else {
            throw DriverError.outsideRoots(path: normalized, location: location)
        }
        if normalized == root {
            return (GuestPath.parent(of: root), [GuestPath.lastComponent(of: root)])
        }
        return (root, components(below: root, of: normalized))
    }

    /// Opens the anchor (creating it when asked), then each component below it with `O_NOFOLLOW`
    /// (creating missing folders when asked). Returns the last folder's descriptor, or nil when a
    /// folder is missing and `create` is false.
    private func walk(
        anchor: String, _ components: ArraySlice<String>, create: Bool, path: String
    ) throws -> Int32? {
        let local = anchor == "/" ? base : (base == "/" ? anchor : base + anchor)
        let legacy = RootedFileSystem(base: base, location: location)
        var info = stat()
        if stat(local, &info) != 0 {
            guard errno == ENOENT || errno == ENOTDIR, create else {
                if errno == ENOENT || errno == ENOTDIR { return nil }
                throw fileError("open", path)
            }
            try legacy.makeDirectories(local, for: path)
        }
        try legacy.checkContained(local, path: path)
        var fd = open(local, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw fileError("open", path) }
        for component in components {
            var next = openat(fd, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 {
                let code = errno
                var entry = stat()
                if fstatat(fd, component, &entry, AT_SYMLINK_NOFOLLOW) == 0 {
                    close(fd)
                    if (entry.st_mode & S_IFMT) == S_IFLNK {
                        throw DriverError.symlinkRefused(path: path, location: location)
                    }
                    throw DriverError.fileSystem(
                        operation: "open", path: path, location: location,
                        reason: "a parent (\(component)) exists and is not a folder")
                }
                guard code == ENOENT, create else {
                    close(fd)
                    if code == ENOENT { return nil }
                    errno = code
                    throw fileError("open", path)
                }
                guard mkdirat(fd, component, 0o755) == 0 || errno == EEXIST else {
                    close(fd)
                    throw fileError("create folder", path)
                }
                next = openat(fd, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard next >= 0 else {
                    close(fd)
                    throw DriverError.symlinkRefused(path: path, location: location)
                }
            }
            close(fd)
            fd = next
        }
        return fd
    }

    /// Lists real folders only (symlinks are entries, never followed); takes ownership of `folder`.
    private func collect(_ folder: Int32, prefix: String, into found: inout [String], path: String) throws {
        guard let stream = fdopendir(folder) else {
            close(folder)
            throw DriverError.fileSystem(operation: "list", path: path, location: location, reason: "cannot read folder")
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." || name.contains(RootedFileSystem.temporaryMarker) { continue }
            names.append(name)
        }
        for name in names {
            var info = stat()
            guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            let relative = prefix.isEmpty ? name : "\(prefix)/\(name)"
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                let child = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else { continue }
                try collect(child, prefix: relative, into: &found, path: path)
            case S_IFREG, S_IFLNK: found.append(relative)
            default: continue
            }
        }
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

    private func fileError(_ operation: String, _ path: String) -> DriverError {
        DriverError.fileSystem(
            operation: operation, path: path, location: location, reason: String(cString: strerror(errno)))
    }
}
