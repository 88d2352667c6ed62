import PhoenixCore
import PhoenixGit
import Synchronization

/// Parsed JSON documents by git blob id and parser options (issue #16 item 2): a blob id names its bytes,
/// so a cached document can never be stale. One plan shares it between the target's load, the change set
/// and the base's load (a file unchanged between them is parsed once); the reconciler keeps one for the
/// life of the process, so a run parses only the files its commit changed.
///
/// Bounded by the bytes of the blobs it holds (oldest dropped first); safe to drop at any time.
public final class ParsedBlobCache: Sendable {
    private struct Key: Hashable {
        var id: ObjectID
        var options: JSONParserOptions
    }

    private struct Contents {
        var documents: [Key: (document: JSONDocument, bytes: Int)] = [:]
        var order: [Key] = []
        var bytes = 0
        var hits = 0
        var misses = 0
    }

    /// The most blob bytes kept. A parsed document takes about 20 times its bytes in memory (7.2 MB of
    /// configuration at 10,000 guests: about 130 MB parsed), so the budget is what bounds the watcher's memory.
    public let byteBudget: Int
    private let contents = Mutex(Contents())

    /// A cache holding up to `byteBudget` bytes of blobs. The default, 16 MiB, holds the configuration
    /// files of the applied commit and the changed files of the next one at 10,000 guests; a real platform's
    /// files (tens of kilobytes) fit hundreds of times.
    public init(byteBudget: Int = 16 * 1024 * 1024) {
        self.byteBudget = byteBudget
    }

    /// The document parsed from blob `id` with `options`, if kept.
    public func document(_ id: ObjectID, options: JSONParserOptions) -> JSONDocument? {
        contents.withLock { contents in
            let found = contents.documents[Key(id: id, options: options)]?.document
            if found == nil { contents.misses += 1 } else { contents.hits += 1 }
            return found
        }
    }

    /// Keeps `document`, parsed from blob `id` (of `bytes` bytes) with `options`; a blob larger than the
    /// whole budget is not kept.
    public func store(_ document: JSONDocument, id: ObjectID, bytes: Int, options: JSONParserOptions) {
        guard bytes <= byteBudget else { return }
        let key = Key(id: id, options: options)
        contents.withLock { contents in
            guard contents.documents[key] == nil else { return }
            contents.documents[key] = (document, bytes)
            contents.order.append(key)
            contents.bytes += bytes
            while contents.bytes > byteBudget, !contents.order.isEmpty {
                let oldest = contents.order.removeFirst()
                contents.bytes -= contents.documents.removeValue(forKey: oldest)?.bytes ?? 0
            }
        }
    }

    /// How many lookups found a document, and how many did not (for tests and benchmarks).
    public var counts: (hits: Int, misses: Int) { contents.withLock { ($0.hits, $0.misses) } }
}
