import Foundation

/// A private (0700) temporary folder on the host for files in transit to or from a container
/// (`pct push` / `pct pull`); removed with everything in it when the operation ends, success or not.
struct ScratchFolder: Sendable {
    let path: String

    /// Creates `<parent>/phoenix-XXXXXX` with mkdtemp.
    init(in parent: String, location: Location) throws {
        var template = Array((parent.hasSuffix("/") ? parent : parent + "/").utf8CString.dropLast())
        template += Array("phoenix-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkdtemp($0) != nil } ?? false
        }
        guard created else {
            throw DriverError.fileSystem(
                operation: "create scratch folder", path: parent, location: location,
                reason: String(cString: strerror(errno)))
        }
        // mkdtemp replaced the X's in place; drop the terminating NUL.
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes a file readable only by us (it may hold a key on its way into a container).
    func write(_ name: String, contents: Data, location: Location) throws -> String {
        let file = "\(path)/\(name)"
        guard FileManager.default.createFile(atPath: file, contents: contents, attributes: [.posixPermissions: 0o600])
        else {
            throw DriverError.fileSystem(operation: "write scratch file", path: file, location: location, reason: "cannot create")
        }
        return file
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
