import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The listening socket of this process bound to `port`, as `/proc` names it (`socket:[inode]`), or nil
/// when this process no longer listens there.
///
/// Tests ask this instead of "does a connection to the port succeed": other tests running in parallel
/// start child processes, and a child started with a careless spawner in the instant a listening socket
/// exists (before it is made close-on-exec) keeps it listening after the server closed its own copy.
func listeningSocket(onPort port: Int) -> String? {
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
        return try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(entry)")
    }
    return nil
}

/// The `/proc` names of the open descriptors of process `pid`.
func openDescriptors(of pid: pid_t) -> Set<String> {
    let folder = "/proc/\(pid)/fd"
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return Set(entries.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\($0)") })
}
