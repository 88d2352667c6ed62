import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The listening socket of this process bound to `port` (its descriptor, and its `/proc` name
/// `socket:[inode]`), or nil when this process no longer listens there.
///
/// Tests ask this instead of "does a connection to the port succeed": other tests running in parallel
/// start child processes, and a child started with a careless spawner in the instant a listening socket
/// exists (before it is made close-on-exec) keeps it listening after the server closed its own copy.
func listeningSocket(onPort port: Int) -> (fd: Int32, name: String)? {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return nil }
    for entry in entries {
        guard let fd = Int32(entry) else { continue }
        var accepting: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0, accepting == 1 else { continue }
        var address = sockaddr_in()
        var addressLength = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &addressLength) }
        }
        guard named == 0, Int32(address.sin_family) == AF_INET, Int(UInt16(bigEndian: address.sin_port)) == port
        else { continue }
        guard let name = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(entry)") else {
            continue
        }
        return (fd, name)
    }
    return nil
}

/// True when descriptor `fd` of this process is close-on-exec (no child process inherits it).
func isCloseOnExec(_ fd: Int32) -> Bool {
    let flags = fcntl(fd, F_GETFD)
    return flags >= 0 && flags & FD_CLOEXEC != 0
}
