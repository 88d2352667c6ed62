import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

/// ADR 0051, the pairing half of git's rename detection: exact renames first (same basename
/// preferred), then unique basenames at 75%, then the matrix (best four sources per destination,
/// best pairs first, each source once), and git's rename limit. Every case is compared with
/// `git diff --name-status -M` and pinned to git's answer (see ``RenameDetectionTests``).
@Suite struct RenamePairingTests {
    typealias Case = RenameDetectionTests.Case

    /// `a0..a(shared-1)` plus filler lines tagged `filler`: `shared` × 600 is the score against `source`.
    static func sharing(_ shared: Int, filler: String) -> FastImportHistory.Entry {
        .text(Lines.make("a", 0..<shared) + Lines.make(filler, 0..<(100 - shared)))
    }

    static let source = Lines.file("a", 0..<100)

    @Test func sameBasenameComesFirst() throws {
        try RenameDetectionTests.check([
            // 80% with the same basename wins over 95% with another: the basename step runs first.
            Case(
                name: "basename at 80%", old: ["s/x.txt": Self.source],
                new: ["t/x.txt": Self.sharing(80, filler: "b"), "u/y.txt": Self.sharing(95, filler: "c")],
                expected: [["R", "s/x.txt", "t/x.txt"], ["A", "u/y.txt"]]),
            // Under 75% the basename step passes and the matrix takes the best pair.
            Case(
                name: "basename at 70%", old: ["s/x.txt": Self.source],
                new: ["t/x.txt": Self.sharing(70, filler: "b"), "u/y.txt": Self.sharing(95, filler: "c")],
                expected: [["R", "s/x.txt", "u/y.txt"], ["A", "t/x.txt"]]),
            // A basename two sources share is no hint.
            Case(
                name: "basename not unique among sources",
                old: ["s/x.txt": Self.source, "s2/x.txt": Lines.file("z", 0..<100)],
                new: ["t/x.txt": Self.sharing(80, filler: "b"), "u/y.txt": Self.sharing(95, filler: "c")],
                expected: [["R", "s/x.txt", "u/y.txt"], ["D", "s2/x.txt"], ["A", "t/x.txt"]]),
            Case(
                name: "basename not unique among destinations", old: ["s/x.txt": Self.source],
                new: [
                    "t/x.txt": Self.sharing(80, filler: "b"), "v/x.txt": Self.sharing(60, filler: "d"),
                    "u/y.txt": Self.sharing(95, filler: "c"),
                ],
                expected: [["R", "s/x.txt", "u/y.txt"], ["A", "t/x.txt"], ["A", "v/x.txt"]]),
            // In the matrix an equal score goes to the same basename, whatever the order.
            Case(
                name: "same basename breaks a tie", old: ["a/x.txt": Self.source],
                new: ["c/y.txt": Self.sharing(60, filler: "e"), "z/x.txt": Self.sharing(60, filler: "f")],
                expected: [["R", "a/x.txt", "z/x.txt"], ["A", "c/y.txt"]]),
            Case(
                name: "equal scores: first destination", old: ["a/x.txt": Self.source],
                new: ["c/y.txt": Self.sharing(60, filler: "e"), "d/w.txt": Self.sharing(60, filler: "f")],
                expected: [["R", "a/x.txt", "c/y.txt"], ["A", "d/w.txt"]]),
            Case(
                name: "equal scores: first source",
                old: ["a/p.txt": Self.source, "b/q.txt": Self.sharing(60, filler: "g")],
                new: ["c/r.txt": Self.sharing(60, filler: "h")],
                expected: [["R", "a/p.txt", "c/r.txt"], ["D", "b/q.txt"]]),
        ])
    }

    /// Several sources for one destination: the best pair overall goes first, each source once, and
    /// only the four best sources of each destination are remembered (in git's slot order).
    @Test func severalCandidates() throws {
        func lines(_ tag: String, _ range: Range<Int>) -> String { Lines.make(tag, range) }
        // Five sources for t/d.txt, three of them at 40200. t/e.txt takes s/1 (54000) first; of the
        // two left at 40200, git's slots hold s/5 before s/3 (s/5 replaced s/2, the first-worst slot).
        let slotOrder = Case(
            name: "slot order",
            old: [
                "s/1.txt": .text(lines("d", 0..<67) + lines("ua", 0..<33)),
                "s/2.txt": .text(lines("d", 0..<60) + lines("ub", 0..<40)),
                "s/3.txt": .text(lines("d", 33..<100) + lines("uc", 0..<33)),
                "s/4.txt": .text(lines("d", 40..<100) + lines("ud", 0..<40)),
                "s/5.txt": .text(lines("d", 10..<77) + lines("ue", 0..<33)),
            ],
            new: [
                "t/d.txt": .text(lines("d", 0..<100)),
                "t/e.txt": .text(lines("ua", 0..<33) + lines("d", 0..<57) + lines("v", 0..<10)),
            ],
            expected: [
                ["R", "s/1.txt", "t/e.txt"], ["R", "s/5.txt", "t/d.txt"], ["D", "s/2.txt"], ["D", "s/3.txt"],
                ["D", "s/4.txt"],
            ])
        // t/y.txt is 51% like each of six sources; it remembers only the first four (a later equal
        // score does not displace an earlier one), and t/p1..t/p4 take those four: t/y.txt stays an
        // addition although s/5.txt is free and similar enough.
        var old: [String: FastImportHistory.Entry] = [:]
        var new: [String: FastImportHistory.Entry] = ["t/y.txt": Self.sharing(51, filler: "w")]
        var expected: Set<[String]> = [["A", "t/y.txt"], ["D", "s/5.txt"], ["R", "s/6.txt", "t/z.txt"]]
        for index in 1...6 {
            let tag = "u\(index)"
            old["s/\(index).txt"] = .text(lines("a", 0..<(54 + index)) + lines(tag, 0..<(46 - index)))
            if index <= 4 {
                new["t/p\(index).txt"] = .text(lines("a", 0..<(54 + index)) + lines(tag, 0..<(41 - index)) + lines("p\(index)", 0..<5))
                expected.insert(["R", "s/\(index).txt", "t/p\(index).txt"])
            }
        }
        new["t/z.txt"] = .text(lines("a", 0..<60) + lines("z", 0..<40))
        let fourSlots = Case(name: "four slots", old: old, new: new, expected: expected)
        try RenameDetectionTests.check([slotOrder, fourSlots])
    }

    /// Exact renames come first, in destination order, each taking the first identical source with
    /// the same basename, else the first identical one.
    @Test func exactRenamesAmongMany() throws {
        var old: [String: FastImportHistory.Entry] = [
            "a/1.txt": .text("dup\n"), "a/2.txt": .text("dup\n"), "a/3.txt": .text("dup\n"),
            "m/run.sh": .file(Data("#!/bin/sh\necho run\n".utf8), executable: true),
        ]
        var new: [String: FastImportHistory.Entry] = [
            "b/2.txt": .text("dup\n"), "b/9.txt": .text("dup\n"), "c/1.txt": .text("dup\n"),
            "n/run2.sh": .text("#!/bin/sh\necho run\n"),
        ]
        var expected: Set<[String]> = [
            ["R", "a/2.txt", "b/2.txt"], ["R", "a/1.txt", "b/9.txt"], ["R", "a/3.txt", "c/1.txt"],
            ["R", "m/run.sh", "n/run2.sh"],
        ]
        for index in 0..<40 {
            old["m/f\(index).txt"] = .text("file \(index)\n")
            new["n/f\(index).txt"] = .text("file \(index)\n")
            expected.insert(["R", "m/f\(index).txt", "n/f\(index).txt"])
        }
        // An exact rename beats a same-basename near copy.
        old["k/same.txt"] = Self.source
        new["k2/same.txt"] = Self.sharing(99, filler: "q")
        new["k3/other.txt"] = Self.source
        expected.formUnion([["R", "k/same.txt", "k3/other.txt"], ["A", "k2/same.txt"]])
        try RenameDetectionTests.check([Case(name: "many exact", old: old, new: new, expected: expected)])
    }

    /// Links and submodules pair only exactly and only with the same mode; a file that becomes a
    /// link is a type change, not a candidate.
    @Test func linksSubmodulesAndTypeChanges() throws {
        let commit = String(repeating: "1", count: 40)
        try RenameDetectionTests.check([
            Case(
                name: "link renamed, file becomes link",
                old: ["l/one": .link("target"), "k/t": .text("hello\n"), "gone.txt": Self.source],
                new: ["l/two": .link("target"), "k/t": .link("hello"), "new.txt": Self.sharing(90, filler: "n")],
                expected: [["R", "l/one", "l/two"], ["T", "k/t"], ["R", "gone.txt", "new.txt"]]),
            Case(
                name: "same blob, file and link", old: ["f/plain": .text("target")], new: ["f/link": .link("target")],
                expected: [["D", "f/plain"], ["A", "f/link"]]),
            Case(
                name: "link target edited", old: ["l/one": .link("some/long/target/path")],
                new: ["l/two": .link("some/long/target/path2")], expected: [["D", "l/one"], ["A", "l/two"]]),
            Case(
                name: "submodule moved", old: ["mods/a": .gitlink(commit), "x.txt": Self.source],
                new: ["mods/b": .gitlink(commit), "y.txt": Self.source],
                expected: [["R", "mods/a", "mods/b"], ["R", "x.txt", "y.txt"]]),
        ])
    }

    /// Over git's rename limit (1000 × 1000 pairs left after exact and basename matches) git skips
    /// the matrix: a 90% pair with different basenames stays a deletion and an addition.
    @Test func renameLimit() throws {
        var old: [String: FastImportHistory.Entry] = [
            "old/e1.txt": .text("exact one\n"), "old/e2.txt": .text("exact two\n"), "old/sim.txt": Self.source,
            "old/base/same.txt": Lines.file("y", 0..<100),
        ]
        var new: [String: FastImportHistory.Entry] = [
            "new/e1.txt": .text("exact one\n"), "new/e2.txt": .text("exact two\n"),
            "new/other.txt": Self.sharing(90, filler: "o"),
            "new/same.txt": .text(Lines.make("y", 0..<90) + Lines.make("s", 0..<10)),
        ]
        for index in 0..<1001 { old["old/o\(index).txt"] = .text("old \(index)\n") }
        for index in 0..<1000 { new["new/n\(index).txt"] = .text("new \(index) \(index)\n") }
        var expected: Set<[String]> = [
            ["R", "old/e1.txt", "new/e1.txt"], ["R", "old/e2.txt", "new/e2.txt"],
            ["R", "old/base/same.txt", "new/same.txt"], ["D", "old/sim.txt"], ["A", "new/other.txt"],
        ]
        for index in 0..<1001 { expected.insert(["D", "old/o\(index).txt"]) }
        for index in 0..<1000 { expected.insert(["A", "new/n\(index).txt"]) }
        try RenameDetectionTests.check([Case(name: "over the limit", old: old, new: new, expected: expected)])
    }
}
