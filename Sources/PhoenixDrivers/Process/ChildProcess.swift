import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The blocking half of `CommandRunner`: spawns one child with posix_spawn and pumps its pipes until it
/// is reaped. Always called on a dedicated thread, never on the cooperative pool.
enum ChildProcess {
    /// Everything needed to start the child; plain values only, so it crosses to the worker thread.
    struct Request: Sendable {
        var executable: String
        var argv: [String]
        var environment: [String]
        var workingDirectory: String?
        var stdin: Data?
        var timeoutSeconds: Double?
        var killGraceSeconds: Double
    }

    /// How the child ended, from the worker thread's point of view.
    enum Outcome: Sendable {
        case finished(CommandResult)
        case timedOut
        case cancelled
        case spawnFailed(String)
    }

    /// Carries a cancellation request from the task to the worker thread.
    /// Sendable without `@unchecked`: its only state is an `Atomic`.
    final class Control: Sendable {
        private let cancelled = Atomic<Bool>(false)
        func cancel() { cancelled.store(true, ordering: .sequentiallyConsistent) }
        var isCancelled: Bool { cancelled.load(ordering: .sequentiallyConsistent) }
    }

    /// Longest single wait in the pump loop: bounds how late a timeout or a cancellation is noticed.
    private static let tickMilliseconds: Int32 = 50

    static func run(_ request: Request, control: Control) -> Outcome {
        if control.isCancelled { return .cancelled }
        blockSIGPIPEOnThisThread()

        // Our ends are close-on-exec from birth, so a child spawned concurrently by another thread
        // cannot inherit them and hold our pipes open.
        guard let stdoutPipe = makePipe(), let stderrPipe = makePipe() else {
            return .spawnFailed("pipe: \(errnoText())")
        }
        var stdinPipe: (read: Int32, write: Int32)?
        if request.stdin != nil {
            guard let pipe = makePipe() else {
                closeAll([stdoutPipe.read, stdoutPipe.write, stderrPipe.read, stderrPipe.write])
                return .spawnFailed("pipe: \(errnoText())")
            }
            stdinPipe = pipe
        }

        let spawned = spawn(request, stdin: stdinPipe?.read, stdout: stdoutPipe.write, stderr: stderrPipe.write)
        // The child has its copies; close ours of the child's ends so EOF arrives when it exits.
        closeAll([stdoutPipe.write, stderrPipe.write] + (stdinPipe.map { [$0.read] } ?? []))
        let pid: pid_t
        switch spawned {
        case .failure(let reason):
            closeAll([stdoutPipe.read, stderrPipe.read] + (stdinPipe.map { [$0.write] } ?? []))
            return .spawnFailed(reason)
        case .success(let child):
            pid = child
        }
        return pump(
            pid: pid, request: request, control: control,
            stdoutFD: stdoutPipe.read, stderrFD: stderrPipe.read, stdinFD: stdinPipe?.write)
    }

    // MARK: - Spawning

    private enum SpawnResult {
        case success(pid_t)
        case failure(String)
    }

    private static func spawn(_ request: Request, stdin: Int32?, stdout: Int32, stderr: Int32) -> SpawnResult {
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t? = nil
            var attributes: posix_spawnattr_t? = nil
        #else
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        #if canImport(Glibc)
            // Belt and braces against descriptors opened elsewhere in the process without O_CLOEXEC.
            _ = LibcExtensions.addClosefrom(&actions, 3)
            if let directory = request.workingDirectory {
                guard LibcExtensions.addChdir(&actions, directory) == 0 else {
                    return .failure("this C library cannot set a working directory for posix_spawn")
                }
            }
        #else
            if let directory = request.workingDirectory {
                posix_spawn_file_actions_addchdir_np(&actions, directory)
            }
        #endif

        // Own process group (so a timeout can kill grandchildren too), an empty signal mask and
        // default SIGPIPE (this process may ignore it, and ignored dispositions survive exec).
        let flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        posix_spawnattr_setflags(&attributes, Int16(flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let cArgv = request.argv.map { strdup($0) } + [nil]
        let cEnvironment = request.environment.map { strdup($0) } + [nil]
        defer {
            cArgv.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        var status = posix_spawn(&pid, request.executable, &actions, &attributes, cArgv, cEnvironment)
        // ETXTBSY: the executable was just written and another thread's fork still holds a write
        // descriptor to it for a moment (descriptors are shared until that child execs). It clears by
        // itself, so retry briefly, as Go's os/exec does, instead of failing the command.
        var attempts = 0
        while status == ETXTBSY && attempts < 50 {
            attempts += 1
            usleep(20_000)
            status = posix_spawn(&pid, request.executable, &actions, &attributes, cArgv, cEnvironment)
        }
        guard status == 0 else { return .failure(String(cString: strerror(status))) }
        return .success(pid)
    }

    // MARK: - Pumping

    private static func pump(
        pid: pid_t, request: Request, control: Control, stdoutFD: Int32, stderrFD: Int32, stdinFD: Int32?
    ) -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = request.timeoutSeconds.map { start.advanced(by: .milliseconds(Int64($0 * 1000))) }
        var stdoutFD: Int32? = stdoutFD
        var stderrFD: Int32? = stderrFD
        var stdinFD = stdinFD
        var output = Data()
        var errors = Data()
        let input = request.stdin ?? Data()
        var written = 0
        var status: Int32?
        var stopReason: Outcome?
        var killAt: ContinuousClock.Instant?
        var idleSleepMicros: UInt32 = 500

        for fd in [stdoutFD, stderrFD, stdinFD].compactMap({ $0 }) { setNonBlocking(fd) }
        if let fd = stdinFD, input.isEmpty {
            close(fd)
            stdinFD = nil
        }

        while status == nil {
            var fds: [pollfd] = []
            if let fd = stdoutFD { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
            if let fd = stderrFD { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
            if let fd = stdinFD { fds.append(pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)) }
            if fds.isEmpty {
                // Both outputs are closed: the child is exiting (or detached them); poll its status
                // with a short, growing sleep instead of blocking in waitpid, so timeouts still work.
                usleep(idleSleepMicros)
                idleSleepMicros = min(idleSleepMicros * 2, UInt32(tickMilliseconds) * 1000)
            } else {
                _ = poll(&fds, nfds_t(fds.count), tickMilliseconds)
                for entry in fds where entry.revents != 0 {
                    if entry.fd == stdoutFD, drain(entry.fd, into: &output) { close(entry.fd); stdoutFD = nil }
                    if entry.fd == stderrFD, drain(entry.fd, into: &errors) { close(entry.fd); stderrFD = nil }
                    if entry.fd == stdinFD,
                        feed(entry.fd, input: input, written: &written) || written >= input.count
                    {
                        close(entry.fd)
                        stdinFD = nil
                    }
                }
            }

            status = reap(pid, blocking: false)
            let now = clock.now
            if stopReason == nil {
                if control.isCancelled {
                    stopReason = .cancelled
                } else if let deadline, now >= deadline {
                    stopReason = .timedOut
                }
                if stopReason != nil, status == nil {
                    signalGroup(pid, SIGTERM)
                    killAt = now.advanced(by: .milliseconds(Int64(request.killGraceSeconds * 1000)))
                }
            } else if let due = killAt, now >= due, status == nil {
                signalGroup(pid, SIGKILL)
                killAt = nil
            }
        }

        // The child is gone. Whatever it wrote before exiting is in the pipe buffers; take it, but do
        // not wait for EOF, which a lingering grandchild could postpone forever.
        if let fd = stdoutFD { _ = drain(fd, into: &output); close(fd) }
        if let fd = stderrFD { _ = drain(fd, into: &errors); close(fd) }
        if let fd = stdinFD { close(fd) }
        if let stopReason {
            signalGroup(pid, SIGKILL)  // stragglers in the group
            return stopReason
        }
        guard let status, status != lostStatus else {
            return .spawnFailed("the exit status of \(request.executable) was collected elsewhere")
        }
        return .finished(decode(status: status, stdout: output, stderr: errors))
    }

    /// Reads what is available. Returns true at EOF or on a read error.
    private static func drain(_ fd: Int32, into buffer: inout Data) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                continue
            }
            if count == 0 { return true }
            if errno == EINTR { continue }
            return !(errno == EAGAIN || errno == EWOULDBLOCK)
        }
    }

    /// Writes what the pipe accepts. Returns true when the child closed its stdin (EPIPE) or on error.
    private static func feed(_ fd: Int32, input: Data, written: inout Int) -> Bool {
        while written < input.count {
            let count = input.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress! + written, input.count - written)
            }
            if count > 0 {
                written += count
                continue
            }
            if count < 0, errno == EINTR { continue }
            return !(count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        }
        return false
    }

    /// Stands for "the exit status was taken by another waitpid caller": never reported as success.
    private static let lostStatus: Int32 = -1

    private static func reap(_ pid: pid_t, blocking: Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == pid { return status }
            if result == -1, errno == EINTR { continue }
            if result == -1 { return lostStatus }  // ECHILD: someone else reaped it
            return nil
        }
    }

    /// Decodes a wait status (the W* macros are not imported into Swift).
    private static func decode(status: Int32, stdout: Data, stderr: Data) -> CommandResult {
        let low = status & 0x7f
        if low == 0 {
            return CommandResult(exitCode: (status >> 8) & 0xff, stdout: stdout, stderr: stderr)
        }
        return CommandResult(exitCode: 128 + low, stdout: stdout, stderr: stderr, terminationSignal: low)
    }

    private static func signalGroup(_ pid: pid_t, _ signal: Int32) {
        if kill(-pid, signal) != 0 { _ = kill(pid, signal) }
    }

    // MARK: - Small helpers

    private static func makePipe() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [-1, -1]
        #if canImport(Glibc)
            if let status = LibcExtensions.pipe2(&fds, Int32(O_CLOEXEC)) {
                return status == 0 ? (fds[0], fds[1]) : nil
            }
        #endif
        // Without pipe2 there is a short window before FD_CLOEXEC is set; closefrom in the child covers it.
        guard pipe(&fds) == 0 else { return nil }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (fds[0], fds[1])
    }

    private static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    private static func closeAll(_ fds: [Int32]) {
        for fd in fds { close(fd) }
    }

    /// Writing to a pipe whose reader exited raises SIGPIPE, which would kill the whole process. Blocked
    /// on this (dedicated, short-lived) thread, the write fails with EPIPE instead.
    private static func blockSIGPIPEOnThisThread() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
