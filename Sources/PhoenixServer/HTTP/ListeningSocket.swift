import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes the server's listening socket close-on-exec.
///
/// SwiftNIO creates its sockets without `SOCK_CLOEXEC`, so every child process the watcher starts (git,
/// `pct`, `qm`, `docker`, a hook) inherits the listening socket. The port then stays open as long as
/// any such child lives: after a graceful shutdown the kernel keeps accepting connections nobody
/// serves, and a restarted watcher cannot bind the port while an old stage command still runs (seen in
/// this module's tests: `git push` processes holding the test server's port after it stopped).
enum ListeningSocket {
    /// Sets `FD_CLOEXEC` on every listening TCP socket of this process bound to `port`; returns how many
    /// it marked. Linux only (it reads `/proc/self/fd`); elsewhere it does nothing.
    @discardableResult
    static func markCloseOnExec(port: Int) -> Int {
        #if os(Linux)
        guard port > 0, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else {
            return 0
        }
        var marked = 0
        for entry in entries {
            guard let fd = Int32(entry), isListening(fd), boundPort(fd) == port else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0, fcntl(fd, F_SETFD, flags | FD_CLOEXEC) == 0 { marked += 1 }
        }
        return marked
        #else
        return 0
        #endif
    }

    /// True when `fd` is a socket in the listening state.
    static func isListening(_ fd: Int32) -> Bool {
        var accepting: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0 && accepting == 1
    }

    /// The local TCP port of socket `fd`, nil when it is not an IPv4/IPv6 socket.
    static func boundPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin_port))
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin6_port))
                }
            }
        default:
            return nil
        }
    }
}
