import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP client socket to 127.0.0.1, for clients that misbehave on purpose (idle, half-sent
/// headers, a body one byte at a time), like repro/idle.py and repro/slow.py.
final class RawSocket: Sendable {
    let fd: Int32

    /// Connects to 127.0.0.1:`port` (the kernel completes the handshake even when the server has not
    /// accepted yet).
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawSocketError("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw RawSocketError("connect: \(errno)")
        }
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw RawSocketError("send: \(errno)") }
    }

    /// Blocks until the server closes the connection (true: end of file or reset) or `guardSeconds`
    /// pass with the connection still open (false). The guard only bounds a failing test; a passing
    /// one returns as soon as the server closes.
    func waitUntilClosedByServer(guardSeconds: Int = 30) -> Bool {
        var timeout = timeval(tv_sec: guardSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
            // A response (e.g. 408 or 400) before the close is fine: keep reading until the end.
        }
    }

    /// Everything the server sends until it closes the connection (bounded by `guardSeconds` per read).
    func receiveAll(guardSeconds: Int = 30) -> String {
        var timeout = timeval(tv_sec: guardSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Server-side sockets of this process connected on `port` (accepted connections, not the
    /// listening socket): how many connections the server holds a descriptor for.
    static func acceptedConnections(port: Int) -> Int {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return 0 }
        var count = 0
        for entry in entries {
            guard let fd = Int32(entry) else { continue }
            var type: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0, type == Int32(SOCK_STREAM.rawValue) else { continue }
            var accepting: Int32 = 0
            length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0, accepting == 0 else { continue }
            var address = sockaddr_in()
            var addressLength = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &addressLength) }
            }
            if named == 0, Int32(address.sin_family) == AF_INET, Int(UInt16(bigEndian: address.sin_port)) == port {
                count += 1
            }
        }
        return count
    }
}

struct RawSocketError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
