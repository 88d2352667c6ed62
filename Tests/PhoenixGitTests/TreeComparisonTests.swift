import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

/// Issue #16 item 3: `Repository.diff` compares trees by id itself (descending only into differing
/// sub-trees) and hands renames and type changes to libgit2; either way the result must equal
/// `git diff --name-status -M` for every pair.
@Suite struct TreeComparisonTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var hasHistory: Bool {
        FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent(".git").path)
    }

    /// Every (parent, commit) pair of the last 300 commits of this project's own history, merges included.
    @Test(.enabled(if: hasHistory, "needs the project's git history"))
    func equalsGitOnThisProjectsHistory() throws {
        GitTestEnvironment.prepare()
        let git = GitCLI(in: Self.packageRoot)
        let repository = try Repository.open(at: Self.packageRoot)
        var pairs = 0
        for line in try git.run("rev-list", "--parents", "--max-count=300", "HEAD").split(separator: "\n") {
            let ids = line.split(separator: " ").map(String.init)
            for parent in ids.dropFirst() {
                let ours = try repository.diff(
                    from: try #require(ObjectID(hex: parent)), to: try #require(ObjectID(hex: ids[0])))
                let theirs = try Self.cliNameStatus(git, from: parent, to: ids[0])
                #expect(GitFixture.nameStatus(ours) == theirs, "\(parent.prefix(7))..\(ids[0].prefix(7))")
                pairs += 1
            }
        }
        #expect(pairs >= 20, "the history has \(pairs) pairs")
    }

    /// Deep edits, whole folders added and removed, an executable bit, a link, a file that becomes a
    /// folder, renames: each case of the comparison and of the hand-over to libgit2.
    @Test func equalsGitOnEveryKindOfChange() throws {
        let fixture = try GitFixture()
        let work = fixture.work
        var commits = [
            try work.commit(
                ["a/b/c/deep.txt": "deep\n", "a/b/other.txt": "other\n", "a/top.txt": "top\n", "z.txt": "z\n",
                 "gone/one.txt": "1\n", "gone/sub/two.txt": "2\n", "file-then-folder": "f\n"], message: "base")
        ]
        commits.append(try work.commit(["a/b/c/deep.txt": "deeper\n"], message: "deep edit"))
        commits.append(try work.commit(["new/x/y.txt": "y\n", "new/z.txt": "z\n"], message: "folder added"))
        commits.append(try work.commit(["gone/one.txt": nil, "gone/sub/two.txt": nil], message: "folder deleted"))
        try work.run("update-index", "--chmod=+x", "z.txt")
        try work.run("commit", "-q", "-m", "executable")
        commits.append(try work.revParse("HEAD"))
        try FileManager.default.createSymbolicLink(atPath: work.directory.appendingPathComponent("link").path, withDestinationPath: "z.txt")
        commits.append(try work.commit([:], message: "link"))
        // The file goes first (a dictionary of edits has no order), then the folder takes its name.
        try FileManager.default.removeItem(at: work.directory.appendingPathComponent("file-then-folder"))
        commits.append(try work.commit(["file-then-folder/inside.txt": "i\n"], message: "type change"))
        commits.append(try work.commit(["a/top.txt": nil, "a/top-renamed.txt": "top\n"], message: "rename"))
        commits.append(try work.commit(["a/b/other.txt": nil, "elsewhere.txt": "unrelated\n", "a/b/c/deep.txt": "again\n"], message: "mixed"))
        let repository = try fixture.openWork()
        for (from, to) in zip(commits, commits.dropFirst()) + [(commits[0], commits[commits.count - 1])] {
            let ours = try repository.diff(from: try #require(ObjectID(hex: from)), to: try #require(ObjectID(hex: to)))
            #expect(GitFixture.nameStatus(ours) == (try fixture.cliNameStatus(from: from, to: to)), "\(from)..\(to)")
        }
        // From the empty tree: everything added.
        let all = try repository.diff(from: nil, to: try #require(ObjectID(hex: commits[commits.count - 1])))
        #expect(all.entries.allSatisfy { $0.status == .added })
        #expect(all.entries.map(\.path) == all.entries.map(\.path).sorted())
        #expect(Set(all.entries.map(\.path)) == Set(try work.run("ls-tree", "-r", "--name-only", "HEAD").split(separator: "\n").map(String.init)))
    }

    static func cliNameStatus(_ git: GitCLI, from: String, to: String) throws -> Set<[String]> {
        let output = try git.run("diff", "--name-status", "-M", "--no-color", from, to)
        var result = Set<[String]>()
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "\t").map(String.init)
            guard let status = fields.first?.first else { continue }
            result.insert([String(status)] + fields.dropFirst())
        }
        return result
    }
}
