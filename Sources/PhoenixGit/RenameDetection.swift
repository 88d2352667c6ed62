/// git's rename detection, ported from `diffcore_rename_extended` in `diffcore-rename.c` of git v2.39.5
/// (ADR 0051), so ``Repository/diff(from:to:)`` pairs deletions with additions exactly as
/// `git diff -M` does. libgit2's own `git_diff_find_similar` uses another similarity metric and
/// disagrees with git near the 50% threshold.
///
/// The steps, in git's order: exact renames by blob id (`find_exact_renames`), then files with the
/// same, unique basename at a stricter score (`find_basename_matches`), then the matrix of every
/// remaining pair scored by `estimate_similarity`, keeping the best four sources per destination and
/// taking pairs from best to worst, each source at most once (`find_renames`). Copies, breaks and
/// directory-rename hints are not git's defaults for `git diff -M` and are left out.
///
/// Sources and destinations must be in git's queue order (byte order of their paths): ties are
/// broken by position, as in git.
struct RenameDetection {
    /// One side of a candidate pair: a deleted (source) or added (destination) tree entry.
    struct File: Sendable {
        /// Full path in the tree.
        let path: String
        /// Blob id (for a submodule: the commit id).
        let id: ObjectID
        /// Tree entry mode, e.g. 0o100644.
        let mode: UInt32
    }

    /// diffcore.h:26 (`MAX_SCORE`): a score is a fraction of this; git computes it in `double`.
    static let maxScore = 60000.0
    /// diffcore.h:27 (`DEFAULT_RENAME_SCORE`): `-M` without a number means 50%.
    static let minimumScore = 30000
    /// diffcore-rename.c:1490-1498: the basename step asks for half the way from `minimumScore` to
    /// `maxScore` (`GIT_BASENAME_FACTOR` unset): 30000 + (int)(0.5 * 30000) = 45000.
    static let minimumBasenameScore = minimumScore + Int(0.5 * (maxScore - Double(minimumScore)))
    /// diff.c:41 (`diff_rename_limit_default`): above limit × limit pairs git skips the inexact step.
    static let renameLimit = 1000
    /// diffcore-rename.c:1058 (`NUM_CANDIDATE_PER_DST`).
    static let candidatesPerDestination = 4
    /// diffcore-rename.c:276 (`int i = 100`): at most this many identical sources are looked at per destination.
    static let identicalCandidateLimit = 100

    private let sources: [File]
    private let destinations: [File]
    private var blobs: RenameBlobs
    /// Per source: already the origin of a rename (`rename_used`).
    private var sourceUsed: [Bool]
    /// Per destination: the source it was renamed from (`is_rename`).
    private var renamedFrom: [Int?]

    /// The renames among `sources` (deletions) and `destinations` (additions): for each renamed
    /// destination index, its source index.
    static func renames(sources: [File], destinations: [File], blobs: RenameBlobs) throws(GitError) -> [Int: Int] {
        var detection = RenameDetection(sources: sources, destinations: destinations, blobs: blobs)
        try detection.run()
        var result: [Int: Int] = [:]
        for (destination, source) in detection.renamedFrom.enumerated() {
            if let source { result[destination] = source }
        }
        return result
    }

    private init(sources: [File], destinations: [File], blobs: RenameBlobs) {
        self.sources = sources
        self.destinations = destinations
        self.blobs = blobs
        sourceUsed = Array(repeating: false, count: sources.count)
        renamedFrom = Array(repeating: nil, count: destinations.count)
    }

    private mutating func run() throws(GitError) {
        // diffcore-rename.c:1455: nothing to pair. (Empty blobs take part: `rename_empty` is on for
        // `git diff`, diff.c:4634, so the checks at diffcore-rename.c:1420-1422 and 1430-1432 skip nothing.)
        guard !sources.isEmpty, !destinations.isEmpty else { return }
        findExactRenames()
        // diffcore-rename.c:1505 and 1533: sources used by a rename leave the candidate list.
        try findBasenameMatches(remaining: unusedSources())
        let remaining = unusedSources()
        // diffcore-rename.c:1542-1559: rename_limit, checked with the destinations still unpaired.
        let openDestinations = destinations.indices.filter { renamedFrom[$0] == nil }
        guard !openDestinations.isEmpty, !remaining.isEmpty,
            openDestinations.count * remaining.count <= Self.renameLimit * Self.renameLimit
        else { return }
        try findInexactRenames(sources: remaining, destinations: openDestinations)
    }

    private func unusedSources() -> [Int] { sources.indices.filter { !sourceUsed[$0] } }

    /// `record_rename_pair` (diffcore-rename.c:209-230), without the copy bookkeeping.
    private mutating func record(destination: Int, source: Int) {
        renamedFrom[destination] = source
        sourceUsed[source] = true
    }

    // MARK: - Exact renames

    /// `find_exact_renames` + `find_identical_files` (diffcore-rename.c:269-364). git inserts the
    /// sources into its hash map in reverse, so it reads identical sources in queue order; each
    /// destination, in queue order, takes the first unused identical source with the same
    /// basename, else the first unused identical one.
    private mutating func findExactRenames() {
        var byID: [ObjectID: [Int]] = [:]
        for index in sources.indices { byID[sources[index].id, default: []].append(index) }
        for destination in destinations.indices {
            let target = destinations[destination]
            guard let identical = byID[target.id] else { continue }
            var best: Int?
            var bestScore = -1
            var budget = Self.identicalCandidateLimit
            for source in identical {
                let candidate = sources[source]
                // diffcore-rename.c:292-295: a link or submodule pairs only with the same mode.
                if !(Self.isRegular(candidate.mode) && Self.isRegular(target.mode)) && candidate.mode != target.mode {
                    continue
                }
                // diffcore-rename.c:297-299: without copy detection a used source is out.
                if sourceUsed[source] { continue }
                let score = 1 + (Self.basenameSame(candidate.path, target.path) ? 1 : 0)
                if score > bestScore {
                    best = source
                    bestScore = score
                    if score == 2 { break }
                }
                // diffcore-rename.c:309: only candidates that got this far count against the limit.
                budget -= 1
                if budget == 0 { break }
            }
            if let best { record(destination: destination, source: best) }
        }
    }

    // MARK: - Basename matches

    /// `find_basename_matches` (diffcore-rename.c:897-1057): a source whose basename is unique among
    /// the remaining sources, and a destination whose basename is unique among the unpaired
    /// destinations, are compared with each other alone, at the stricter `minimumBasenameScore`.
    /// A basename shared by several files is left to the matrix (`idx_possible_rename` answers -1
    /// when, as for `git diff`, no directory-rename information is set up: diffcore-rename.c:807).
    private mutating func findBasenameMatches(remaining: [Int]) throws(GitError) {
        // Keyed by bytes: git compares paths byte for byte, Swift strings by canonical equivalence.
        var sourceByBase: [[UInt8]: Int] = [:]
        for source in remaining {
            let base = Array(Self.basename(sources[source].path).utf8)
            sourceByBase[base] = sourceByBase[base] == nil ? source : -1
        }
        var destinationByBase: [[UInt8]: Int] = [:]
        for destination in destinations.indices where renamedFrom[destination] == nil {
            let base = Array(Self.basename(destinations[destination].path).utf8)
            destinationByBase[base] = destinationByBase[base] == nil ? destination : -1
        }
        for source in remaining {
            let base = Array(Self.basename(sources[source].path).utf8)
            guard let destination = destinationByBase[base], destination >= 0, sourceByBase[base] == source,
                renamedFrom[destination] == nil
            else { continue }
            let score = try estimateSimilarity(
                sources[source], destinations[destination], minimumScore: Self.minimumBasenameScore)
            if score < Self.minimumBasenameScore { continue }
            record(destination: destination, source: source)
        }
    }

    // MARK: - Inexact renames

    /// One cell of git's candidate matrix (`struct diff_score`, diffcore-rename.c:82-87).
    private struct Score {
        var source = -1
        /// -1: an empty slot.
        var destination = -1
        var score = 0
        var nameScore = 0
    }

    /// `score_compare` (diffcore-rename.c:235-250): negative when `a` sorts first. Empty slots sink.
    private static func compare(_ a: Score, _ b: Score) -> Int {
        if a.destination < 0 { return b.destination >= 0 ? 1 : 0 }
        if b.destination < 0 { return -1 }
        if a.score == b.score { return b.nameScore - a.nameScore }
        return b.score - a.score
    }

    /// The matrix of diffcore-rename.c:1575-1626: per destination the best four sources
    /// (`record_if_better`, 1059-1072, which also fixes the slot each lands in), one stable sort,
    /// then `find_renames` (1124-1151) takes pairs from the top while the score reaches 50%.
    private mutating func findInexactRenames(sources remaining: [Int], destinations open: [Int]) throws(GitError) {
        var matrix: [Score] = []
        matrix.reserveCapacity(open.count * Self.candidatesPerDestination)
        for destination in open {
            var slots = Array(repeating: Score(), count: Self.candidatesPerDestination)
            for source in remaining {
                let candidate = Score(
                    source: source, destination: destination,
                    score: try estimateSimilarity(
                        sources[source], destinations[destination], minimumScore: Self.minimumScore),
                    nameScore: Self.basenameSame(sources[source].path, destinations[destination].path) ? 1 : 0)
                var worst = 0
                for slot in 1..<slots.count where Self.compare(slots[slot], slots[worst]) > 0 { worst = slot }
                if Self.compare(slots[worst], candidate) > 0 { slots[worst] = candidate }
            }
            matrix += slots
        }
        // STABLE_QSORT (diffcore-rename.c:1619): the position breaks ties, as git's merge sort keeps it.
        let order = matrix.indices.sorted { lhs, rhs in
            let order = Self.compare(matrix[lhs], matrix[rhs])
            return order != 0 ? order < 0 : lhs < rhs
        }
        for index in order {
            let cell = matrix[index]
            if cell.destination < 0 || cell.score < Self.minimumScore { break }
            if renamedFrom[cell.destination] != nil || sourceUsed[cell.source] { continue }
            record(destination: cell.destination, source: cell.source)
        }
    }

    /// `estimate_similarity` (diffcore-rename.c:125-207): the share of the larger file's bytes that
    /// the destination copied from the source, in units of `maxScore`; 0 for anything but two
    /// regular files, or when the sizes alone rule out `minimumScore`.
    private mutating func estimateSimilarity(_ source: File, _ destination: File, minimumScore: Int) throws(GitError) -> Int {
        guard Self.isRegular(source.mode), Self.isRegular(destination.mode) else { return 0 }
        let sourceSize = try blobs.size(source.id)
        let destinationSize = try blobs.size(destination.id)
        let maxSize = max(sourceSize, destinationSize)
        let deltaSize = maxSize - min(sourceSize, destinationSize)
        // diffcore-rename.c:184, in double as there (MAX_SCORE is 60000.0).
        if Double(maxSize) * (Self.maxScore - Double(minimumScore)) < Double(deltaSize) * Self.maxScore { return 0 }
        let copied = SpanHash.countChanges(
            from: try blobs.signature(source.id), to: try blobs.signature(destination.id)).copied
        // diffcore-rename.c:202-205: the cast truncates toward zero.
        guard destinationSize > 0 else { return 0 }
        return Int(Double(copied) * Self.maxScore / Double(maxSize))
    }

    // MARK: - Paths and modes

    /// `S_ISREG`: 0o100644, 0o100755 (and any other 0o100xxx mode an old tree may hold).
    static func isRegular(_ mode: UInt32) -> Bool { mode & 0o170000 == 0o100000 }

    /// `get_basename` (diffcore-rename.c:736-746): the part after the last `/`.
    static func basename(_ path: String) -> Substring {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return Substring(path) }
        return Substring(path.utf8[path.utf8.index(after: slash)...])
    }

    /// `basename_same` (diffcore-rename.c:68-80), which amounts to equal basenames.
    static func basenameSame(_ lhs: String, _ rhs: String) -> Bool {
        basename(lhs).utf8.elementsEqual(basename(rhs).utf8)
    }
}
