import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a child process the cheapest way a script or tool would (posix_spawnp, stdout into a pipe,
/// stderr into a file, then wait4), so a baseline pays for the process and nothing else; `wait4`
/// also gives that one child's peak resident memory and CPU time.
struct Subprocess {
    /// How one child ended.
    struct Result {
        /// The exit status (128 + signal when killed by a signal).
        var status: Int32
        /// Everything it wrote to stdout.
        var stdout: Data
        /// The end of what it wrote to stderr (for error messages).
        var stderr: String
        /// Wall time from spawn to reaping.
        var wall: Double
        /// User + system CPU time of the child.
        var cpu: Double
        /// Peak resident set size of the child (`ru_maxrss`), bytes.
        var peakResident: Int
    }

    /// Full argv; the first element is looked up on PATH.
    var argv: [String]
    /// The child's environment; nil inherits ours.
    var environment: [String: String]?

    /// Spawns, collects stdout, waits.
    func run() throws -> Result {
        guard let executable = argv.first else { throw BenchError("empty argv") }
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("phoenix-bench-\(UUID().uuidString).err")
        defer { try? FileManager.default.removeItem(at: errorFile) }

        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw BenchError("pipe failed: errno \(errno)") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)

        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t? = nil
        #else
            var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = environmentLines.map { strdup($0) } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }

        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, executable, &actions, nil, &cArguments, &cEnvironment)
        close(writeEnd)
        guard spawned == 0 else {
            close(readEnd)
            throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            if count > 0 {
                output.append(buffer, count: count)
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        close(readEnd)
        var rawStatus: Int32 = 0
        var usage = rusage()
        while wait4(pid, &rawStatus, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("wait4 failed: errno \(errno)") }
        }
        let wall = (clock.now - start).seconds
        let signal = rawStatus & 0x7f
        let status = signal == 0 ? (rawStatus >> 8) & 0xff : 128 + signal
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        let errors = String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
        return Result(
            status: status, stdout: output, stderr: String(errors.suffix(2_000)), wall: wall, cpu: cpu,
            peakResident: Int(usage.ru_maxrss) * 1024)
    }

    /// Runs and throws unless the exit status is one of `accepted`.
    func check(accepting accepted: Set<Int32> = [0]) throws -> Result {
        let result = try run()
        guard accepted.contains(result.status) else {
            throw BenchError("\(argv.joined(separator: " ")) exited with \(result.status): \(result.stderr)")
        }
        return result
    }
}
