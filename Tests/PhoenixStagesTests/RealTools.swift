import Foundation
import PhoenixDrivers

#if canImport(Glibc)
    import Glibc
#endif

/// The real tools the stage tests check rendered files with (dnsmasq, dig, nginx, openssl), run
/// unprivileged (as nobody through `setpriv` when the tests run as root).
enum RealTools {
    /// Finds tools in PATH and the sbin folders.
    static let runner = CommandRunner(
        searchPath: (ProcessInfo.processInfo.environment["PATH"] ?? CommandRunner.defaultSearchPath)
            + ":/usr/local/sbin:/usr/sbin:/sbin")

    /// The absolute path of a tool, or nil.
    static func path(_ name: String) -> String? { runner.resolveExecutable(name) }

    /// `argv` wrapped to run as nobody when this process is root.
    static func unprivileged(_ argv: [String]) throws -> [String] {
        guard let executable = path(argv[0]) else { throw FixtureError("\(argv[0]) is not installed") }
        let resolved = [executable] + argv.dropFirst()
        guard getuid() == 0 else { return resolved }
        guard let setpriv = path("setpriv") else { throw FixtureError("setpriv is not installed") }
        return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"] + resolved
    }

    /// Runs a command to completion (30 s limit).
    static func run(_ argv: [String]) async throws -> CommandResult {
        try await runner.run(argv, timeout: .seconds(30))
    }

    /// Stops a process this test started, by its PID: SIGTERM, then SIGKILL when it is still there
    /// after half a second. Foundation's `Process` on Linux starts the child with the spawning
    /// thread's signal mask, which blocks SIGTERM (seen in /proc/<pid>/status SigBlk), so dnsmasq
    /// never sees the TERM.
    static func stop(_ process: Process) {
        let pid = process.processIdentifier
        kill(pid, SIGTERM)
        for _ in 0..<10 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    /// A port on 127.0.0.1 that is free for both TCP and UDP right now (the kernel picks it).
    static func freePort() throws -> UInt16 {
        for _ in 0..<20 {
            let tcp = try bound(tcp: true, port: 0)
            let port = try localPort(tcp)
            let udp = try? bound(tcp: false, port: port)
            close(tcp)
            if let udp {
                close(udp)
                return port
            }
        }
        throw FixtureError("no free port found")
    }

    private static func bound(tcp: Bool, port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(tcp ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw FixtureError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw FixtureError("bind() failed")
        }
        return fd
    }

    private static func localPort(_ fd: Int32) throws -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw FixtureError("getsockname() failed") }
        return UInt16(bigEndian: address.sin_port)
    }
}
