import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

@Suite struct RepositoryTests {
    @Test func openingAFolderThatIsNotARepositoryIsNotFound() throws {
        let fixture = try GitFixture()
        let plain = fixture.scratch.path("plain")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        let error = #expect(throws: GitError.self) { try Repository.open(at: plain) }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains(plain.path) == true)
        let missing = #expect(throws: GitError.self) { try Repository.open(at: fixture.scratch.path("nope")) }
        #expect(missing?.code == .notFound)
    }

    @Test func createsBareAndNonBareRepositoriesTheCLIAccepts() throws {
        let fixture = try GitFixture()
        let bare = try Repository.create(at: fixture.scratch.path("new.git"), bare: true, initialBranch: "trunk")
        #expect(bare.isBare)
        let cli = GitCLI(in: fixture.scratch.path("new.git"))
        #expect(try cli.run("symbolic-ref", "HEAD") == "refs/heads/trunk\n")
        #expect(try cli.run("rev-parse", "--is-bare-repository") == "true\n")

        let nonBare = try Repository.create(at: fixture.scratch.path("deep/er/tree"), bare: false)
        #expect(!nonBare.isBare)
        #expect(nonBare.workingDirectory?.standardizedFileURL.path == fixture.scratch.path("deep/er/tree").path)
        #expect(try nonBare.reference(named: "HEAD") == nil)

        let again = #expect(throws: GitError.self) {
            try Repository.create(at: fixture.scratch.path("new.git"), bare: true)
        }
        #expect(again?.code == .exists)
    }

    @Test func resolvesEveryRevisionFormLikeRevParse() throws {
        let fixture = try GitFixture()
        let git = fixture.work
        let c1 = try git.commit(["a.txt": "one\n"], message: "first")
        let c2 = try git.commit(["a.txt": "two\n"], message: "second")
        let c3 = try git.commit(["a.txt": "three\n"], message: "third")
        try git.run("tag", "light", c2)
        try git.run("tag", "-a", "annotated", "-m", "an annotated tag", c1)
        try git.run("branch", "side", c2)
        let repo = try fixture.openWork()

        let expectations: [(String, String)] = [
            (c3, c3), (String(c2.prefix(8)), c2), ("main", c3), ("side", c2), ("light", c2), ("annotated", c1),
            ("HEAD", c3), ("HEAD~2", c1), ("main^", c2), ("refs/heads/side", c2), ("refs/tags/annotated", c1),
        ]
        for (revision, expected) in expectations {
            #expect(try repo.resolve(revision) == oid(expected), "revision \(revision)")
            #expect(try git.revParse(revision) == expected, "CLI agrees on \(revision)")
        }

        for bad in ["no-such-branch", "HEAD~9", "refs/heads/missing", String(repeating: "f", count: 40)] {
            let error = #expect(throws: GitError.self, "revision \(bad)") { try repo.resolve(bad) }
            #expect(error?.code == .notFound, "revision \(bad)")
        }
        let malformed = #expect(throws: GitError.self) { try repo.resolve("main^^^{nonsense") }
        #expect(malformed?.code == .invalid)
    }

    @Test func readsCommitsAsTheCLIShowsThem() throws {
        let fixture = try GitFixture()
        let git = GitCLI(
            in: fixture.workURL, environment: ["GIT_AUTHOR_DATE": "2023-11-14T22:13:20+0130", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z"])
        let c1 = try git.commit(["x": "1"], message: "first line\n\nbody text")
        let c2 = try git.commit(["x": "2"], message: "second")
        let commit = try fixture.openWork().commit(oid(c2))
        #expect(commit.id == (try oid(c2)))
        #expect(commit.parentIDs == [try oid(c1)])
        #expect(commit.treeID == (try oid(git.run("rev-parse", "\(c2)^{tree}"))))
        #expect(commit.message == "second\n")
        #expect(commit.summary == "second")
        #expect(commit.author.name == GitCLI.authorName)
        #expect(commit.author.email == GitCLI.authorEmail)
        #expect(commit.author.date == Date(timeIntervalSince1970: 1_700_000_000 - 5400))
        #expect(commit.author.timeZoneOffsetMinutes == 90)
        #expect(commit.committer.date == Date(timeIntervalSince1970: 1_704_067_200))
        let first = try fixture.openWork().commit(oid(c1))
        #expect(first.parentIDs.isEmpty)
        #expect(first.message == "first line\n\nbody text\n")

        let missing = #expect(throws: GitError.self) {
            try fixture.openWork().commit(ObjectID(hex: String(repeating: "1", count: 40))!)
        }
        #expect(missing?.code == .notFound)
    }

    @Test func setReferenceIsACompareAndSwap() throws {
        let fixture = try GitFixture()
        let c1 = try oid(fixture.work.commit(["f": "1"], message: "one"))
        let c2 = try oid(fixture.work.commit(["f": "2"], message: "two"))
        let repo = try fixture.openWork()
        let name = "refs/phoenix/applied"
        #expect(try repo.reference(named: name) == nil)

        try repo.setReference(named: name, to: c1, expected: nil)
        #expect(try repo.reference(named: name) == c1)
        let created = #expect(throws: GitError.self) { try repo.setReference(named: name, to: c2, expected: nil) }
        #expect(created?.code == .tipMoved)

        let stale = #expect(throws: GitError.self) { try repo.setReference(named: name, to: c2, expected: c2) }
        #expect(stale?.code == .tipMoved)
        #expect(try repo.reference(named: name) == c1)

        try repo.setReference(named: name, to: c2, expected: c1)
        #expect(try repo.reference(named: name) == c2)
        #expect(try fixture.work.revParse(name) == c2.hex)

        let invalid = #expect(throws: GitError.self) { try repo.setReference(named: "main", to: c1, expected: nil) }
        #expect(invalid?.code == .invalid)

        try repo.deleteReference(named: name, expected: c2)
        #expect(try repo.reference(named: name) == nil)
    }

    @Test func oneRepositoryServesManyTasksAtOnce() async throws {
        let fixture = try GitFixture()
        var shas: [String] = []
        for index in 0..<8 {
            shas.append(try fixture.work.commit(["n.txt": "\(index)\n"], message: "commit \(index)"))
        }
        let repo = try fixture.openWork()
        let expected = shas
        let summaries = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for round in 0..<32 {
                group.addTask {
                    let index = round % expected.count
                    let commit = try repo.commit(try oid(expected[index]))
                    let data = try repo.blob(at: commit.id, path: "n.txt")
                    return (index, commit.summary + "|" + String(decoding: data ?? Data(), as: UTF8.self))
                }
            }
            var collected: [(Int, String)] = []
            for try await item in group { collected.append(item) }
            return collected
        }
        #expect(summaries.count == 32)
        for (index, text) in summaries {
            #expect(text == "commit \(index)|\(index)\n")
        }
    }
}
