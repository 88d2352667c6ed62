import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

@Suite struct CommitFilesTests {
    static let statusRef = "refs/heads/phoenix-status"

    @Test func writesCommitsTheCLIReadsBackAndFsckAccepts() throws {
        let fixture = try GitFixture()
        let repo = try fixture.createBare("ledger.git")
        let git = GitCLI(in: repo.gitDirectory)
        let author = GitFixture.author

        let first = try repo.commitFiles(
            ["status.json": .write(Data("{\"ok\":true}\n".utf8)), "runs/2024/one.json": .write(Data("1\n".utf8)),
             "bin/hook": .write(Data("#!/bin/sh\n".utf8), executable: true), "empty.txt": .write(Data())],
            onto: Self.statusRef, expectedTip: nil, message: "status: ok", author: author)
        let second = try repo.commitFiles(
            ["status.json": .write(Data("{\"ok\":false}\n".utf8)), "runs/2024/one.json": .delete,
             "runs/2024/two.json": .write(Data("2\n".utf8)), "never/existed.txt": .delete],
            onto: Self.statusRef, expectedTip: first, message: "status: failed\n\ndetails\n", author: author)

        try git.run("fsck", "--strict", "--no-dangling")
        #expect(try git.run("log", "--format=%H", Self.statusRef) == "\(second.hex)\n\(first.hex)\n")
        let shown = try git.run("show", "-s", "--format=%P|%an|%ae|%at|%ai|%cn|%ce|%ct", second.hex)
        #expect(shown == "\(first.hex)|Phoenix Bot|bot@phoenix.invalid|1700000000|2023-11-15 00:13:20 +0200|Phoenix Bot|bot@phoenix.invalid|1700000000\n")
        // The message is stored with exactly one trailing newline.
        #expect(try git.run("cat-file", "commit", first.hex).hasSuffix("\n\nstatus: ok\n"))
        #expect(try git.run("log", "-1", "--format=%B", second.hex) == "status: failed\n\ndetails\n\n")
        #expect(try git.run("show", "\(second.hex):status.json") == "{\"ok\":false}\n")
        #expect(try git.run("ls-tree", "-r", "--name-only", second.hex) == "bin/hook\nempty.txt\nruns/2024/two.json\nstatus.json\n")
        #expect(try git.run("ls-tree", first.hex, "bin/hook").hasPrefix("100755 blob"))

        // And PhoenixGit reads the same thing back.
        let commit = try repo.commit(second)
        #expect(commit.parentIDs == [first])
        #expect(commit.author == author)
        #expect(try repo.blob(at: second, path: "runs/2024/one.json") == nil)
        #expect(try repo.blob(at: second, path: "empty.txt") == Data())
        #expect(try repo.tree(at: second, folder: "runs").map(\.name) == ["2024"])
    }

    @Test func removingTheLastFileOfAFolderRemovesTheFolder() throws {
        let fixture = try GitFixture()
        let repo = try fixture.createBare("r.git")
        let one = try repo.commitFiles(
            ["a/only.txt": .write(Data("x".utf8)), "b.txt": .write(Data("y".utf8))], onto: Self.statusRef,
            expectedTip: nil, message: "one", author: GitFixture.author)
        let two = try repo.commitFiles(
            ["a/only.txt": .delete], onto: Self.statusRef, expectedTip: one, message: "two", author: GitFixture.author)
        #expect(try repo.tree(at: two).map(\.name) == ["b.txt"])
        try GitCLI(in: repo.gitDirectory).run("fsck", "--strict", "--no-dangling")
    }

    @Test func staleExpectedTipIsATypedErrorAndLeavesTheRefAlone() throws {
        let fixture = try GitFixture()
        let repo = try fixture.createBare("r.git")
        let tip = try repo.commitFiles(
            ["f": .write(Data("1".utf8))], onto: Self.statusRef, expectedTip: nil, message: "1", author: GitFixture.author)
        let moved = try repo.commitFiles(
            ["f": .write(Data("2".utf8))], onto: Self.statusRef, expectedTip: tip, message: "2", author: GitFixture.author)

        let stale = #expect(throws: GitError.self) {
            try repo.commitFiles(
                ["f": .write(Data("3".utf8))], onto: Self.statusRef, expectedTip: tip, message: "3",
                author: GitFixture.author)
        }
        #expect(stale?.code == .tipMoved)
        #expect(stale?.message.contains(moved.hex) == true)
        let orphan = #expect(throws: GitError.self) {
            try repo.commitFiles(
                ["f": .write(Data("4".utf8))], onto: Self.statusRef, expectedTip: nil, message: "4",
                author: GitFixture.author)
        }
        #expect(orphan?.code == .tipMoved)
        let absent = #expect(throws: GitError.self) {
            try repo.commitFiles(
                ["f": .write(Data("5".utf8))], onto: "refs/heads/none", expectedTip: tip, message: "5",
                author: GitFixture.author)
        }
        #expect(absent?.code == .tipMoved)
        #expect(try repo.reference(named: Self.statusRef) == moved)
        #expect(try repo.reference(named: "refs/heads/none") == nil)
    }

    @Test func badRefNamesAndPathsAreInvalid() throws {
        let fixture = try GitFixture()
        let repo = try fixture.createBare("r.git")
        for (ref, path) in [("phoenix-status", "f"), ("refs/heads/a..b", "f"), (Self.statusRef, "../x"), (Self.statusRef, "")] {
            let error = #expect(throws: GitError.self) {
                try repo.commitFiles(
                    [path: .write(Data())], onto: ref, expectedTip: nil, message: "m", author: GitFixture.author)
            }
            #expect(error?.code == .invalid, "\(ref) \(path)")
        }
        let badAuthor = #expect(throws: GitError.self) {
            try repo.commitFiles(
                ["f": .write(Data())], onto: Self.statusRef, expectedTip: nil, message: "m",
                author: Signature(name: "", email: ""))
        }
        #expect(badAuthor?.code == .invalid)
        #expect(try repo.reference(named: Self.statusRef) == nil)
    }

    @Test func leavesHeadIndexAndWorkingTreeOfANonBareRepositoryUntouched() throws {
        let fixture = try GitFixture()
        let git = fixture.work
        let head = try git.commit(["app.json": "{}\n"], message: "main work")
        try Data("{\"local\":1}\n".utf8).write(to: fixture.workURL.appendingPathComponent("app.json"))
        try git.run("add", "app.json")
        let statusBefore = try git.run("status", "--porcelain=v1")
        let indexBefore = try git.run("ls-files", "-s")
        let repo = try fixture.openWork()

        let status = try repo.commitFiles(
            ["status/nested/deep/x.txt": .write(Data("x".utf8)), "STATUS.md": .write(Data("# ok\n".utf8))],
            onto: Self.statusRef, expectedTip: nil, message: "status", author: GitFixture.author)

        #expect(try git.run("symbolic-ref", "HEAD") == "refs/heads/main\n")
        #expect(try git.revParse("HEAD") == head)
        #expect(try git.run("status", "--porcelain=v1") == statusBefore)
        #expect(try git.run("ls-files", "-s") == indexBefore)
        #expect(!FileManager.default.fileExists(atPath: fixture.workURL.appendingPathComponent("status").path))
        #expect(!FileManager.default.fileExists(atPath: fixture.workURL.appendingPathComponent("STATUS.md").path))
        #expect(try git.revParse("phoenix-status") == status.hex)
        #expect(try git.run("rev-list", "--count", "phoenix-status") == "1\n")
    }

    @Test func commitTreeRestoresAnOlderTreeAsANewCommit() throws {
        let fixture = try GitFixture()
        let c1 = try oid(fixture.work.commit(["a": "1\n", "b": "1\n"], message: "good"))
        let c2 = try oid(fixture.work.commit(["a": "2\n", "c": "new\n"], message: "bad"))
        let repo = try fixture.openWork()

        let restored = try repo.commitTree(
            of: c1, onto: "refs/heads/main", expectedTip: c2, message: "Restore \(c1.short)", author: GitFixture.author)
        let commit = try repo.commit(restored)
        #expect(commit.parentIDs == [c2])
        #expect(commit.treeID == (try repo.commit(c1).treeID))
        #expect(try fixture.work.run("diff", "--name-status", c1.hex, restored.hex).isEmpty)
        try fixture.work.run("fsck", "--strict", "--no-dangling")

        let stale = #expect(throws: GitError.self) {
            try repo.commitTree(of: c1, onto: "refs/heads/main", expectedTip: c2, message: "again", author: GitFixture.author)
        }
        #expect(stale?.code == .tipMoved)
        #expect(try repo.reference(named: "refs/heads/main") == restored)
    }
}
