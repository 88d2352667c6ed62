import Foundation
import PhoenixGit
import PhoenixTesting
import Testing

@Suite struct TreeTests {
    @Test func readsBlobsByPathFromCommitsNotTheWorkingTree() throws {
        let fixture = try GitFixture()
        let c1 = try oid(fixture.work.commit(["config/app.json": "{\"v\":1}\n", "README.md": "hello\n"], message: "one"))
        let c2 = try oid(fixture.work.commit(["config/app.json": "{\"v\":2}\n"], message: "two"))
        // A dirty working tree must not leak into reads.
        try Data("dirty".utf8).write(to: fixture.workURL.appendingPathComponent("config/app.json"))
        let repo = try fixture.openWork()

        #expect(try repo.blob(at: c1, path: "config/app.json") == Data("{\"v\":1}\n".utf8))
        #expect(try repo.blob(at: c2, path: "config/app.json") == Data("{\"v\":2}\n".utf8))
        #expect(try repo.blob(at: c2, path: "/README.md") == Data("hello\n".utf8))
        #expect(try repo.blob(at: c2, path: "config/missing.json") == nil)
        #expect(try repo.blob(at: c2, path: "README.md/below-a-file") == nil)

        let folder = #expect(throws: GitError.self) { try repo.blob(at: c2, path: "config") }
        #expect(folder?.code == .notABlob)
        let empty = #expect(throws: GitError.self) { try repo.blob(at: c2, path: "") }
        #expect(empty?.code == .invalid)
        let dotdot = #expect(throws: GitError.self) { try repo.blob(at: c2, path: "config/../README.md") }
        #expect(dotdot?.code == .invalid)
        let noCommit = #expect(throws: GitError.self) {
            try repo.blob(at: ObjectID(hex: String(repeating: "2", count: 40))!, path: "README.md")
        }
        #expect(noCommit?.code == .notFound)
    }

    @Test func readsBlobsByIDAndReportsMissingOnes() throws {
        let fixture = try GitFixture()
        try fixture.work.commit(["a.bin": "bytes\n"], message: "one")
        let blobID = try oid(fixture.work.run("rev-parse", "HEAD:a.bin"))
        let repo = try fixture.openWork()
        #expect(try repo.blob(blobID) == Data("bytes\n".utf8))

        let missing = #expect(throws: GitError.self) { try repo.blob(ObjectID(hex: String(repeating: "3", count: 40))!) }
        #expect(missing?.code == .notFound)
        let treeID = try oid(fixture.work.run("rev-parse", "HEAD^{tree}"))
        let notBlob = #expect(throws: GitError.self) { try repo.blob(treeID) }
        #expect(notBlob?.code == .notABlob)
    }

    @Test func listsFoldersAndFilesLikeLsTree() throws {
        let fixture = try GitFixture()
        let head = try oid(fixture.work.commit(
            [
                "stacks/traefik/docker-compose.yml": "services: {}\n", "stacks/traefik/phoenix.json": "{}\n",
                "stacks/web/docker-compose.yml": "x\n", "config/a.json": "{}\n", "top.txt": "t\n",
            ], message: "layout"))
        try fixture.work.run("update-index", "--chmod=+x", "top.txt")
        try fixture.work.run("commit", "-q", "-m", "exec")
        let exec = try oid(fixture.work.revParse("HEAD"))
        let repo = try fixture.openWork()

        let stacks = try repo.tree(at: head, folder: "stacks")
        #expect(stacks.map(\.name) == ["traefik", "web"])
        #expect(stacks.allSatisfy { $0.kind == .tree && $0.mode == 0o040000 })
        #expect(stacks.map(\.path) == ["stacks/traefik", "stacks/web"])

        let root = try repo.tree(at: exec)
        #expect(root.map(\.name) == ["config", "stacks", "top.txt"])
        let top = try #require(root.last)
        #expect(top.kind == .blob)
        #expect(top.mode == 0o100755)
        #expect(top.id == (try oid(fixture.work.run("rev-parse", "HEAD:top.txt"))))

        #expect(try repo.tree(at: head, folder: "nothing/here").isEmpty)
        let file = #expect(throws: GitError.self) { try repo.tree(at: head, folder: "top.txt") }
        #expect(file?.code == .notATree)

        let files = try repo.files(at: head, under: "stacks")
        #expect(Set(files.keys) == ["stacks/traefik/docker-compose.yml", "stacks/traefik/phoenix.json", "stacks/web/docker-compose.yml"])
        // Every id matches what the CLI lists recursively.
        let listing = try fixture.work.run("ls-tree", "-r", head.hex)
        for line in listing.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            let meta = parts[0].split(separator: " ")
            let path = String(parts[1])
            if path.hasPrefix("stacks/") { #expect(files[path]?.hex == String(meta[2])) }
        }
        #expect(try repo.files(at: head).count == 5)
        #expect(try repo.files(at: head, under: "missing").isEmpty)
    }
}
