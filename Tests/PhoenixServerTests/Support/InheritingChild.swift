#if canImport(Glibc)
import Glibc
#endif

/// A child process started the way a careless spawner does it (plain posix_spawn, no closefrom): it
/// inherits every descriptor of this process that is not close-on-exec. It runs `cat` until ``finish()``
/// closes its stdin, so it can outlive a server the test stops.
final class InheritingChild: Sendable {
    let pid: pid_t
    private let stdinWriter: Int32

    init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SpawnError() }
        // The pipe itself must not leak into other tests' children.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/cat"), nil]
        defer { free(argv[0]) }
        let result = posix_spawn(&pid, "/bin/cat", &actions, nil, argv, environ)
        close(fds[0])
        guard result == 0 else {
            close(fds[1])
            throw SpawnError()
        }
        self.pid = pid
        self.stdinWriter = fds[1]
    }

    /// Closes the child's stdin and waits for it (blocking; call from ``onThread(_:)``). Returns its exit status.
    func finish() -> Int32 {
        close(stdinWriter)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xff
    }

    /// True while the child has not exited.
    var isRunning: Bool { kill(pid, 0) == 0 }

    struct SpawnError: Error {}
}
