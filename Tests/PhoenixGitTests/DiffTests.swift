import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

@Suite struct DiffTests {
    /// The id of the empty tree, which `git diff` accepts as "nothing".
    static let emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

    @Test func matchesGitDiffNameStatusOnCommitsTheCLIWrote() throws {
        let fixture = try GitFixture()
        let git = fixture.work
        let longText = (1...40).map { "line \($0) of a file long enough for rename detection" }.joined(separator: "\n") + "\n"
        let c1 = try git.commit(
            [
                "README.md": "hello\nversion 1\n", "config/app.yaml": "a: 1\n", "src/a.txt": longText,
                "stacks/web/compose.yml": longText + "web\n", "keep.txt": "same\n",
            ], message: "c1")
        // Edit, rename with a small edit, delete, add, a rename into another folder, untouched file.
        let c2 = try git.commit(
            [
                "README.md": "version 2\n", "config/app.yaml": nil, "src/a.txt": nil,
                "src/b.txt": longText + "one more line\n", "docs/new.md": "new\n",
                "stacks/web/compose.yml": nil, "stacks/site/compose.yml": longText + "web\n",
            ], message: "c2")
        let c3 = try git.commit(["docs/new.md": "changed\n", "src/b.txt": nil], message: "c3")
        let repo = try fixture.openWork()

        for (from, to) in [(c1, c2), (c2, c3), (c1, c3), (c3, c1)] {
            let ours = try repo.diff(from: oid(from), to: oid(to))
            #expect(GitFixture.nameStatus(ours) == (try fixture.cliNameStatus(from: from, to: to)), "\(from)..\(to)")
        }
        let root = try repo.diff(from: nil, to: oid(c1))
        #expect(root.entries.allSatisfy { $0.status == .added && $0.oldID == nil && $0.newID != nil })
        #expect(GitFixture.nameStatus(root) == (try fixture.cliNameStatus(from: Self.emptyTree, to: c1)))
        #expect(try repo.diff(from: oid(c2), to: oid(c2)).isEmpty)
    }

    @Test func entriesCarryBlobIDsAndRenamesBothPaths() throws {
        let fixture = try GitFixture()
        let body = String(repeating: "a rather long repeated line\n", count: 30)
        let c1 = try fixture.work.commit(["old/name.txt": body, "mod.txt": "1\n", "gone.txt": "x\n"], message: "c1")
        let c2 = try fixture.work.commit(
            ["old/name.txt": nil, "new/name.txt": body, "mod.txt": "2\n", "gone.txt": nil], message: "c2")
        let diff = try fixture.openWork().diff(from: oid(c1), to: oid(c2))

        let renamed = try #require(diff.entries.first { $0.status == .renamed })
        #expect(renamed.oldPath == "old/name.txt")
        #expect(renamed.path == "new/name.txt")
        #expect(renamed.oldID == renamed.newID)
        #expect(renamed.newID == (try oid(fixture.work.run("rev-parse", "\(c2):new/name.txt"))))
        let modified = try #require(diff.entries.first { $0.status == .modified })
        #expect(modified.oldID == (try oid(fixture.work.run("rev-parse", "\(c1):mod.txt"))))
        #expect(modified.newID == (try oid(fixture.work.run("rev-parse", "\(c2):mod.txt"))))
        let deleted = try #require(diff.entries.first { $0.status == .deleted })
        #expect(deleted.path == "gone.txt")
        #expect(deleted.newID == nil)
        #expect(diff.changedPaths == ["gone.txt", "mod.txt", "new/name.txt", "old/name.txt"])
    }

    @Test func filtersByFolderPrefixes() {
        func entry(_ status: TreeDiff.Status, _ path: String, from oldPath: String? = nil) -> TreeDiff.Entry {
            TreeDiff.Entry(status: status, path: path, oldPath: oldPath, oldID: nil, newID: nil)
        }
        let diff = TreeDiff(entries: [
            entry(.modified, "config/a.json"), entry(.added, "configs/b.json"), entry(.deleted, "config"),
            entry(.renamed, "archive/s.yml", from: "stacks/web/s.yml"), entry(.added, "README.md"),
        ])
        #expect(diff.filtered(prefixes: ["config"]).entries.map(\.path) == ["config/a.json", "config"])
        #expect(diff.filtered(prefixes: ["config/"]).entries.count == 2)
        #expect(diff.filtered(prefixes: ["stacks"]).entries.map(\.path) == ["archive/s.yml"])
        #expect(diff.filtered(prefixes: ["stacks/web", "README.md"]).entries.count == 2)
        #expect(diff.filtered(prefixes: []).isEmpty)
        #expect(diff.filtered(prefixes: [""]).entries.count == 5)
    }

    @Test func diffOfUnknownCommitIsNotFound() throws {
        let fixture = try GitFixture()
        let c1 = try oid(fixture.work.commit(["a": "1"], message: "one"))
        let error = #expect(throws: GitError.self) {
            try fixture.openWork().diff(from: ObjectID(hex: String(repeating: "4", count: 40))!, to: c1)
        }
        #expect(error?.code == .notFound)
    }
}
