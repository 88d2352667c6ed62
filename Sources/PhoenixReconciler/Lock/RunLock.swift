import Foundation
import PhoenixDrivers
import PhoenixEngine
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run at a time per state folder, across processes: an exclusive `flock` on `<state-dir>/lock`.
///
/// The kernel drops the lock when its holder exits, however it exits (SIGKILL included), so a crash
/// never leaves a stale lock behind. The holder writes `pid <n> since <time>` into the file, which a
/// waiting process quotes in its message.
public final class RunLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Mutex<Int32?>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    /// The lock file of a state folder.
    public static func lockFile(in stateDirectory: URL) -> URL {
        stateDirectory.appendingPathComponent("lock")
    }

    /// Takes the lock of `stateDirectory`, waiting up to `timeout` (nil: as long as it takes; zero: not
    /// at all). Waiting polls every `pollInterval` and ends early when the task is cancelled.
    ///
    /// - Throws: ``EngineError/lockBusy(path:holder:waitedSeconds:)`` when another process keeps it,
    ///   ``EngineError/lockFailed(path:message:)`` when the file cannot be opened.
    public static func acquire(
        in stateDirectory: URL, timeout: Duration?, pollInterval: Duration = .milliseconds(100)
    ) async throws -> RunLock {
        let file = lockFile(in: stateDirectory)
        do {
            try PrivateFolder.ensure(stateDirectory)
        } catch {
            throw EngineError.lockFailed(path: file.path, message: error.localizedDescription)
        }
        let fd = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw EngineError.lockFailed(path: file.path, message: String(cString: strerror(errno)))
        }
        _ = fchmod(fd, 0o600)  // whatever the umask; it holds only a pid, but nobody else needs it
        let clock = ContinuousClock()
        let start = clock.now
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                let lock = RunLock(path: file.path, descriptor: fd)
                lock.recordHolder(fd)
                return lock
            }
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(fd)
                throw EngineError.lockFailed(path: file.path, message: String(cString: strerror(code)))
            }
            let waited = clock.now - start
            let expired = timeout.map { waited >= $0 } ?? false
            if expired || Task.isCancelled {
                close(fd)
                throw EngineError.lockBusy(path: file.path, holder: holder(of: file), waitedSeconds: seconds(waited))
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    /// Releases the lock (idempotent). Deinit releases it too.
    public func release() {
        descriptor.withLock { fd in
            guard let open = fd else { return }
            flock(open, LOCK_UN)
            close(open)
            fd = nil
        }
    }

    deinit {
        release()
    }

    /// What the current holder wrote into the lock file (`pid 123 since …`), if anything.
    public static func holder(of file: URL) -> String? {
        guard let data = try? Data(contentsOf: file) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    private func recordHolder(_ fd: Int32) {
        let text = "pid \(getpid()) since \(Timestamp.format(Date()))\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pointer in pwrite(fd, pointer, strlen(pointer), 0) }
    }

    private static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }
}
