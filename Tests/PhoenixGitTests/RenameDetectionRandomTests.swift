import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

/// ADR 0051: seeded random trees, each pair compared with `git diff --name-status -M`. Every pair
/// deletes and adds files (so rename detection runs) and mixes in edits in place, exact copies,
/// empty files, CRLF and binary content, shared basenames and edits of every strength around the
/// 50% threshold. The seed is fixed so a failure reproduces; the message names the pair.
@Suite struct RenameDetectionRandomTests {
    typealias Entry = FastImportHistory.Entry

    static let seed: UInt64 = 0x0051_5EED
    static let pairCount = 240

    @Test func randomTreesEqualGit() throws {
        var random = SplitMix64(seed: Self.seed)
        let fixture = try GitFixture()
        var history = FastImportHistory()
        var marks: [(old: Int, new: Int)] = []
        for _ in 0..<Self.pairCount {
            let (old, new) = Self.randomPair(&random)
            marks.append((history.commit(old), history.commit(new)))
        }
        let shas = try history.run(in: fixture.work, marksFile: fixture.scratch.path("marks"))
        let repository = try fixture.openWork()
        var renames = 0
        var unpaired = 0
        for (index, pair) in marks.enumerated() {
            let from = try #require(shas[pair.old])
            let to = try #require(shas[pair.new])
            let theirs = try fixture.cliNameStatus(from: from, to: to)
            let fromID = try #require(ObjectID(hex: from))
            let toID = try #require(ObjectID(hex: to))
            let ours = GitFixture.nameStatus(try repository.diff(from: fromID, to: toID))
            #expect(
                ours == theirs,
                "pair \(index) (\(from.prefix(7))..\(to.prefix(7))): only ours \(ours.subtracting(theirs)), only git's \(theirs.subtracting(ours))")
            renames += theirs.filter { $0[0] == "R" }.count
            unpaired += theirs.filter { $0[0] == "D" }.count
        }
        // The mix must really exercise both outcomes, or the comparison proves little.
        #expect(renames >= 200, "git found \(renames) renames")
        #expect(unpaired >= 200, "git left \(unpaired) deletions unpaired")
    }

    static let folders = ["", "a/", "b/", "a/c/", "d/e/"]
    static let basenames = ["x.txt", "y.txt", "conf.yaml", "data.bin", "README", "main.swift", "z"]

    /// A random tree and a changed copy of it with at least one deletion and one addition.
    static func randomPair(_ random: inout SplitMix64) -> (old: [String: Entry], new: [String: Entry]) {
        var old: [String: Data] = [:]
        for _ in 0..<Int.random(in: 3...10, using: &random) {
            old[randomPath(&random)] = randomContent(&random)
        }
        var new = old
        let paths = old.keys.sorted()
        let deleted = Array(paths.shuffled(using: &random).prefix(Int.random(in: 1...min(4, paths.count), using: &random)))
        for path in deleted { new[path] = nil }
        var added = 0
        for path in deleted where Double.random(in: 0..<1, using: &random) < 0.8 {
            // The deleted file comes back elsewhere, edited anywhere from lightly to heavily.
            let edited = edit(old[path] ?? Data(), keep: Double.random(in: 0.25...0.9, using: &random), &random)
            new[unusedPath(in: new, &random)] = edited
            added += 1
        }
        if Double.random(in: 0..<1, using: &random) < 0.3, let path = deleted.randomElement(using: &random) {
            new[unusedPath(in: new, &random)] = old[path]  // an exact rename (or a second one)
            added += 1
        }
        if added == 0 || Double.random(in: 0..<1, using: &random) < 0.3 {
            new[unusedPath(in: new, &random)] = Double.random(in: 0..<1, using: &random) < 0.2 ? Data() : randomContent(&random)
        }
        for path in paths where new[path] != nil && Double.random(in: 0..<1, using: &random) < 0.25 {
            new[path] = edit(old[path] ?? Data(), keep: 0.7, &random)  // an edit in place: never a source
        }
        return (old.mapValues { Entry.file($0) }, new.mapValues { Entry.file($0) })
    }

    static func randomPath(_ random: inout SplitMix64) -> String {
        (folders.randomElement(using: &random) ?? "") + (basenames.randomElement(using: &random) ?? "f")
    }

    static func unusedPath(in tree: [String: Data], _ random: inout SplitMix64) -> String {
        while true {
            let path = randomPath(&random)
            // A file and a folder of one name cannot both exist in a tree.
            if tree[path] == nil && !tree.keys.contains(where: { $0.hasPrefix(path + "/") || path.hasPrefix($0 + "/") }) {
                return path
            }
        }
    }

    /// Lines of random length and words; sometimes CRLF, a NUL (binary), a long line without LF
    /// (64-byte chunks), or no final LF; sometimes empty.
    static func randomContent(_ random: inout SplitMix64) -> Data {
        if Double.random(in: 0..<1, using: &random) < 0.08 { return Data() }
        let crlf = Double.random(in: 0..<1, using: &random) < 0.2
        var lines: [String] = []
        for _ in 0..<Int.random(in: 2...40, using: &random) { lines.append(randomLine(&random)) }
        var text = lines.map { $0 + (crlf ? "\r\n" : "\n") }.joined()
        if Double.random(in: 0..<1, using: &random) < 0.15 { text.removeLast() }
        var bytes = Array(text.utf8)
        if Double.random(in: 0..<1, using: &random) < 0.1 { bytes.insert(0, at: Int.random(in: 0...bytes.count, using: &random)) }
        return Data(bytes)
    }

    static func randomLine(_ random: inout SplitMix64) -> String {
        let long = Double.random(in: 0..<1, using: &random) < 0.05
        let length = long ? Int.random(in: 64...200, using: &random) : Int.random(in: 0...24, using: &random)
        let alphabet = Array("abcdefghij klmnop=:{}")
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
    }

    /// Keeps each line with probability `keep`; the rest are replaced, dropped or doubled, and now
    /// and then the line endings flip between LF and CRLF.
    static func edit(_ data: Data, keep: Double, _ random: inout SplitMix64) -> Data {
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [String] = []
        for line in lines.isEmpty ? [""] : lines {
            if Double.random(in: 0..<1, using: &random) < keep {
                result.append(line)
                continue
            }
            switch Int.random(in: 0..<3, using: &random) {
            case 0: result.append(randomLine(&random))
            case 1: break
            default: result += [line, randomLine(&random)]
            }
        }
        if Double.random(in: 0..<1, using: &random) < 0.1 {
            lines = result.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 + "\r" }
            result = lines
        }
        return Data(result.joined(separator: "\n").utf8)
    }
}

/// A small seeded generator (SplitMix64) so the random trees are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
