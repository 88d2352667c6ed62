import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts child processes with `posix_spawn`, with an empty signal mask, default signal dispositions
/// and a process group of their own.
///
/// Only ``BackgroundProcess`` (servers: `git daemon`, `sshd`, the built watcher) uses it: those run
/// while a test talks to them, log to a file a test reads while they run, and are signalled and polled
/// by PID, which `CommandRunner` (a run to completion, output returned at the end) does not offer.
/// Commands that run to completion go through ``TestProcess``, hence the production runner (ADR 0048).
///
/// Why not Foundation's `Process`: children inherit the signal mask of the spawning thread, and the
/// test runner's worker threads block almost every signal, so a `Process` child never sees SIGTERM
/// (measured: `git daemon` and `sshd` ignored `terminate()` and `waitUntilExit()` hung). The own
/// process group lets ``stop`` reach a server's per-connection children too.
enum Spawner {
    /// Spawns `path` with `arguments`; stdin/stdout/stderr are opened from the given file paths
    /// (stdout and stderr may be the same file; they are opened for appending).
    static func spawn(
        path: String, arguments: [String], environment: [String: String], directory: URL?, stdin: String,
        stdout: String, stderr: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let directory {
            guard let addChdir = addChdir else {
                throw CommandError(argv: [path] + arguments, result: nil, reason: "posix_spawn cannot change directory here")
            }
            _ = addChdir(&actions, directory.path)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        var rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        // ETXTBSY right after a fixture wrote the executable: another thread's fork briefly shares the
        // write descriptor; it clears by itself (see ChildProcess in PhoenixDrivers).
        for _ in 0..<50 where rc == ETXTBSY {
            usleep(20_000)
            rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        }
        guard rc == 0 else {
            throw CommandError(
                argv: [path] + arguments, result: nil, reason: "posix_spawn failed: \(String(cString: strerror(rc)))")
        }
        return pid
    }

    private typealias AddChdir = @convention(c) (
        UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?
    ) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np` (glibc ≥ 2.29). Its declaration is behind
    /// `_GNU_SOURCE`, which the Swift Glibc module does not set, so it is looked up at run time.
    private static let addChdir: AddChdir? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    /// How a reaped child ended.
    struct Exit {
        let status: Int32
        let signaled: Bool
    }

    /// Reaps `pid` if it has exited (non-blocking); nil while it runs.
    static func poll(_ pid: pid_t) -> Exit? {
        var status: Int32 = 0
        let rc = waitpid(pid, &status, WNOHANG)
        if rc == pid { return decode(status) }
        if rc < 0 { return Exit(status: -1, signaled: false) }  // already reaped / not our child
        return nil
    }

    /// Polls every millisecond until `pid` exits or `timeout` passes.
    static func wait(_ pid: pid_t, timeout: TimeInterval) -> Exit? {
        let deadline = Date().addingTimeInterval(timeout)
        var delay: useconds_t = 500
        while true {
            if let exit = poll(pid) { return exit }
            if Date() > deadline { return nil }
            usleep(delay)
            delay = min(delay * 2, 20_000)
        }
    }

    /// SIGTERM to the child's process group, a bounded wait, then SIGKILL; always reaps the child.
    static func terminate(_ pid: pid_t, grace: TimeInterval = 5) -> Exit {
        kill(-pid, SIGTERM)
        kill(pid, SIGTERM)
        if let exit = wait(pid, timeout: grace) { return exit }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        return decode(status)
    }

    private static func decode(_ status: Int32) -> Exit {
        // WIFEXITED/WEXITSTATUS are macros Swift cannot import; these are their glibc definitions.
        let signal = status & 0x7f
        if signal == 0 { return Exit(status: (status >> 8) & 0xff, signaled: false) }
        return Exit(status: signal, signaled: true)
    }
}
