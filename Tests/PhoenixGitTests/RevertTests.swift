import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

@Suite struct RevertTests {
    @Test func revertsInMemoryLikeGitRevert() throws {
        let fixture = try GitFixture()
        let git = fixture.work
        try git.commit(["README.md": "version 1\n", "other.txt": "o\n"], message: "README v1")
        try git.commit(["README.md": "version 2\n", "other.txt": "o2\n"], message: "README v2")
        let c3 = try git.commit(["README.md": "version 3\n", "added.txt": "a\n"], message: "README v3")
        let repo = try fixture.openWork()

        let revert = try repo.revert(oid(c3), onto: oid(c3), author: GitFixture.author, updating: "refs/heads/main")
        let commit = try repo.commit(revert)
        #expect(commit.parentIDs == [try oid(c3)])
        #expect(commit.message == "Revert \"README v3\"\n\nThis reverts commit \(c3).\n")
        #expect(try repo.blob(at: revert, path: "README.md") == Data("version 2\n".utf8))
        #expect(try repo.blob(at: revert, path: "added.txt") == nil)
        #expect(try repo.reference(named: "refs/heads/main") == revert)

        // The git CLI's own revert of the same commit gives the same tree.
        try GitCLI(in: fixture.scratch.url).run("clone", "-q", fixture.workURL.path, "peer")
        let peer = GitCLI(in: fixture.scratch.path("peer"))
        try peer.run("reset", "-q", "--hard", c3)
        try peer.run("revert", "--no-edit", c3)
        #expect(try peer.run("rev-parse", "HEAD^{tree}") == commit.treeID.hex + "\n")
        try git.run("fsck", "--strict", "--no-dangling")
    }

    @Test func conflictingRevertIsAnErrorAndWritesNothing() throws {
        let fixture = try GitFixture()
        let git = fixture.work
        try git.commit(["README.md": "version 1\n"], message: "v1")
        let c2 = try git.commit(["README.md": "version 2\n"], message: "v2")
        let c3 = try git.commit(["README.md": "version 3\n"], message: "v3")
        let refsBefore = try GitFixture.refs(git)
        let repo = try fixture.openWork()

        let error = #expect(throws: GitError.self) {
            try repo.revert(oid(c2), onto: oid(c3), author: GitFixture.author, updating: "refs/heads/main")
        }
        #expect(error?.code == .conflict(paths: ["README.md"]))
        #expect(try GitFixture.refs(git) == refsBefore)
        #expect(try git.run("status", "--porcelain") == "")
    }

    @Test func revertWithAStaleBaseIsTipMoved() throws {
        let fixture = try GitFixture()
        let c1 = try fixture.work.commit(["a": "1\n"], message: "one")
        let c2 = try fixture.work.commit(["b": "2\n"], message: "two")
        let repo = try fixture.openWork()
        let error = #expect(throws: GitError.self) {
            try repo.revert(oid(c2), onto: oid(c1), author: GitFixture.author, updating: "refs/heads/main")
        }
        #expect(error?.code == .tipMoved)
        #expect(try repo.reference(named: "refs/heads/main") == (try oid(c2)))
        // Without a ref, the commit is made but nothing moves.
        let loose = try repo.revert(oid(c2), onto: oid(c2), author: GitFixture.author, message: "undo two")
        #expect(try repo.commit(loose).message == "undo two\n")
        #expect(try repo.reference(named: "refs/heads/main") == (try oid(c2)))
    }
}
