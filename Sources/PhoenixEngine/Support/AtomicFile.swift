import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe file replacement: write a temporary file in the same folder, fsync it, rename it over
/// the target, fsync the folder. A reader (or a process restarted after SIGKILL or power loss) sees
/// the old file or the new one, never a mix.
enum AtomicFile {
    /// Replaces `url` with `data` (creating missing parent folders).
    /// The file gets exactly `mode` (set with `fchmod`, so the umask neither adds nor takes bits).
    static func write(_ data: Data, to url: URL, mode: Int = 0o644) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UUID().uuidString.prefix(8))")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw posixError("open \(temporary.path)") }
        var ok = false
        defer {
            if !ok { unlink(temporary.path) }
        }
        do {
            defer { close(fd) }
            try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                guard let base = raw.baseAddress else { return }
                var offset = 0
                while offset < raw.count {
                    let written = systemWrite(fd, base.advanced(by: offset), raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw posixError("write \(temporary.path)")
                    }
                    offset += written
                }
            }
            guard fchmod(fd, mode_t(mode)) == 0 else { throw posixError("chmod \(temporary.path)") }
            guard fsync(fd) == 0 else { throw posixError("fsync \(temporary.path)") }
        }
        guard rename(temporary.path, url.path) == 0 else { throw posixError("rename to \(url.path)") }
        ok = true
        syncFolder(folder)
    }

    /// fsyncs a folder so a rename in it survives a crash; failures are ignored (not every file
    /// system supports it, and the data itself is already on disk).
    static func syncFolder(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(fd, buffer, count)
        #else
            Darwin.write(fd, buffer, count)
        #endif
    }

    private static func posixError(_ what: String) -> NSError {
        let code = errno
        return NSError(
            domain: NSPOSIXErrorDomain, code: Int(code),
            userInfo: [NSLocalizedDescriptionKey: "\(what): \(String(cString: strerror(code)))"])
    }
}
