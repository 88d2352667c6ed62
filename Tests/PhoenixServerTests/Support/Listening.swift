#if canImport(Glibc)
import Glibc
#endif

/// True when a server listens on 127.0.0.1:`port`.
///
/// A plain "does connect() succeed" check is not enough: when nothing listens and the kernel happens to
/// pick `port` itself as the connecting socket's source port, TCP's simultaneous open connects the socket
/// to itself and connect() succeeds (seen here, with a just-closed port). Such a connection's local port
/// equals the destination port, so it is recognised and not counted. (PhoenixTesting's
/// `LoopbackPort.accepts` has the same blind spot.)
func serverListens(onLoopbackPort port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { return false }
    var local = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &local) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return named == 0 && UInt16(bigEndian: local.sin_port) != UInt16(port)
}
