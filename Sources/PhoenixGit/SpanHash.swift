/// git's content fingerprint for rename scores, ported from `diffcore-delta.c` of git v2.39.5 (ADR 0051).
///
/// A blob is cut into chunks that end at a LF byte or after 64 bytes, whichever comes first; each
/// chunk is hashed into one of `hashBase` buckets, and the fingerprint holds, per bucket, how many
/// bytes of the blob fell into it. Two fingerprints give "bytes copied from the source" and "bytes
/// added" (``countChanges(from:to:)``), which is all git's similarity score is made of. The numbers
/// must be git's own, bucket collisions included, or a pair near the 50% threshold is judged
/// differently; hence the literal port rather than any nicer metric.
struct SpanHash: Sendable {
    /// diffcore-delta.c:37 (`HASHBASE`): a prime between 2^16 and 2^17.
    static let hashBase: UInt32 = 107_927
    /// xdiff-interface.c:192 (`FIRST_FEW_BYTES`): how far `buffer_is_binary` looks for a NUL byte.
    static let binaryProbeLength = 8000

    /// Bucket values, ascending (the order `QSORT(..., spanhash_cmp)` leaves, diffcore-delta.c:162).
    private let hashes: [UInt32]
    /// Bytes per bucket, parallel to `hashes`.
    private let counts: [UInt32]

    /// The fingerprint of `bytes`, following `hash_chars` (diffcore-delta.c:124-164).
    init(_ bytes: UnsafeRawBufferPointer) {
        let isText = !Self.isBinary(bytes)
        // One (hash << 32 | length) value per chunk; sorting them and summing runs of equal hashes
        // gives the same per-bucket totals as git's open-addressing table, with less code.
        var chunks: [UInt64] = []
        chunks.reserveCapacity(bytes.count / 32 + 1)
        var accum1: UInt32 = 0
        var accum2: UInt32 = 0
        var length: UInt32 = 0
        var index = 0
        let size = bytes.count
        while index < size {
            let byte = bytes[index]
            index += 1
            // diffcore-delta.c:148-150: a CR right before a LF does not count in text, so CRLF and LF
            // files score as equal.
            if isText && byte == 0x0D && index < size && bytes[index] == 0x0A { continue }
            let old1 = accum1
            accum1 = (accum1 << 7) ^ (accum2 >> 25)
            accum2 = (accum2 << 7) ^ (old1 >> 25)
            accum1 &+= UInt32(byte)
            length += 1
            if length < 64 && byte != 0x0A { continue }
            let hash = (accum1 &+ accum2 &* 0x61) % Self.hashBase
            chunks.append(UInt64(hash) << 32 | UInt64(length))
            length = 0
            accum1 = 0
            accum2 = 0
        }
        // The loop above ends without hashing a last chunk that has no LF and fewer than 64 bytes:
        // git's loop (diffcore-delta.c:143-161) drops it too, so it must not count here either.
        chunks.sort()
        var hashes: [UInt32] = []
        var counts: [UInt32] = []
        for chunk in chunks {
            let hash = UInt32(truncatingIfNeeded: chunk >> 32)
            let length = UInt32(truncatingIfNeeded: chunk)
            if let last = hashes.last, last == hash {
                counts[counts.count - 1] &+= length
            } else {
                hashes.append(hash)
                counts.append(length)
            }
        }
        self.hashes = hashes
        self.counts = counts
    }

    /// `buffer_is_binary` (xdiff-interface.c:193-198): a NUL byte in the first 8000 bytes. git asks
    /// `diff_filespec_is_binary` (diff.c:3338), which consults `.gitattributes` first; attributes
    /// are not read here (ADR 0051).
    static func isBinary(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.prefix(binaryProbeLength).contains(0)
    }

    /// `diffcore_count_changes` (diffcore-delta.c:166-233): per bucket, the bytes the destination
    /// shares with the source (`copied`, at most the source's count) and the bytes it has beyond
    /// them (`added`).
    static func countChanges(from source: SpanHash, to destination: SpanHash) -> (copied: Int, added: Int) {
        var copied = 0
        var added = 0
        var d = 0
        for s in source.hashes.indices {
            while d < destination.hashes.count && destination.hashes[d] < source.hashes[s] {
                added += Int(destination.counts[d])
                d += 1
            }
            let sourceCount = Int(source.counts[s])
            var destinationCount = 0
            if d < destination.hashes.count && destination.hashes[d] == source.hashes[s] {
                destinationCount = Int(destination.counts[d])
                d += 1
            }
            if sourceCount < destinationCount {
                added += destinationCount - sourceCount
                copied += sourceCount
            } else {
                copied += destinationCount
            }
        }
        while d < destination.hashes.count {
            added += Int(destination.counts[d])
            d += 1
        }
        return (copied, added)
    }
}
