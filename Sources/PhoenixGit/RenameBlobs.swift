import Clibgit2
import Foundation

/// Blob sizes and git fingerprints (``SpanHash``) for ``RenameDetection``, read through libgit2 once
/// per blob id. git keeps the same per-file cache (`cnt_data`, diffcore-rename.c:194-197) so that
/// the matrix of every source against every destination reads each blob once.
///
/// Holds the raw repository pointer: use it only inside the `withRepository` closure that gave it.
struct RenameBlobs {
    private let repo: OpaquePointer
    private var sizes: [ObjectID: Int] = [:]
    private var signatures: [ObjectID: SpanHash] = [:]

    init(_ repo: OpaquePointer) {
        self.repo = repo
    }

    /// The blob's size from its object header: like git (`check_size_only`, diffcore-rename.c:163),
    /// the size filter runs before any content is inflated.
    mutating func size(_ id: ObjectID) throws(GitError) -> Int {
        if let size = sizes[id] { return size }
        guard let size = try Repository.objectSize(repo, id) else {
            throw GitError(.notFound, "blob \(id.hex) not found", function: "git_odb_read_header")
        }
        sizes[id] = size
        return size
    }

    /// The blob's fingerprint, computed on first use.
    mutating func signature(_ id: ObjectID) throws(GitError) -> SpanHash {
        if let signature = signatures[id] { return signature }
        let data = try Repository.blobData(repo, id)
        let signature = data.withUnsafeBytes { SpanHash($0) }
        signatures[id] = signature
        return signature
    }
}
