import Crypto
import Foundation
import PhoenixGit
import PhoenixTesting

/// The reviewer's deep tree (repro/deeptree.py): a commit on top of `repo`'s HEAD with
/// `stacks/vector_db/deep/a/a/…/a/f`, `depth` folders deep. The trees are hashed here and written in one
/// `git hash-object --stdin-paths` (one git process, not one per level); no git command that walks the
/// deep tree runs (git's own tools recurse and would crash at such depths).
enum DeepTree {
    static func commit(on repo: ExampleRepository, depth: Int) throws -> ObjectID {
        let git = repo.git
        let blob = try git.run(["hash-object", "-w", "--stdin"], input: Data("hello\n".utf8))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let folder = repo.scratch.url.appendingPathComponent("deep-trees")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var previous = try raw(blob)
        var entry = "100644 f"
        var paths: [String] = []
        var last = ""
        for level in 0...depth {
            var content = Data(entry.utf8)
            content.append(0)
            content.append(previous)
            var object = Data("tree \(content.count)".utf8)
            object.append(0)
            object.append(content)
            let digest = Data(Insecure.SHA1.hash(data: object))
            let url = folder.appendingPathComponent("\(level)")
            try content.write(to: url)
            paths.append(url.path)
            previous = digest
            entry = "40000 a"
        }
        let hexDigits = Array("0123456789abcdef")
        last = String(previous.flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 15)]] })
        let written = try git.run(
            ["-c", "core.fsync=none", "hash-object", "-w", "-t", "tree", "--stdin-paths"], input: Data((paths.joined(separator: "\n") + "\n").utf8))
        guard written.split(separator: "\n").last.map(String.init) == last else {
            throw FixtureError("git hashed the deep trees differently")
        }
        // Splice `deep` into stacks/vector_db, then stacks, then the root (git mktree sorts nothing; the
        // listings come sorted from ls-tree and `deep` is inserted in order).
        func spliced(_ tree: String, _ name: String, _ child: String) throws -> String {
            var lines = try git.run("ls-tree", tree).split(separator: "\n").map(String.init)
                .filter { !$0.hasSuffix("\t\(name)") }
            lines.append("040000 tree \(child)\t\(name)")
            lines.sort { sortKey($0) < sortKey($1) }
            return try git.run(["mktree"], input: Data((lines.joined(separator: "\n") + "\n").utf8))
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func object(_ spec: String) throws -> String {
            try git.run("rev-parse", spec).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let root = try object("HEAD^{tree}")
        let stacks = try object("HEAD:stacks")
        let vectorDB = try object("HEAD:stacks/vector_db")
        let newVectorDB = try spliced(vectorDB, "deep", last)
        let newStacks = try spliced(stacks, "vector_db", newVectorDB)
        let newRoot = try spliced(root, "stacks", newStacks)
        let commit = try git.run("commit-tree", newRoot, "-p", "HEAD", "-m", "deep tree \(depth)")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try git.run("update-ref", "HEAD", commit)
        guard let id = ObjectID(hex: commit) else { throw FixtureError("not a sha: \(commit)") }
        return id
    }

    /// Git orders tree entries by name, a folder's name compared as if it ended in "/".
    private static func sortKey(_ line: String) -> String {
        let parts = line.split(separator: "\t", maxSplits: 1)
        let name = parts.count == 2 ? String(parts[1]) : line
        return line.hasPrefix("040000") ? name + "/" : name
    }

    private static func raw(_ hex: String) throws -> Data {
        var bytes = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { throw FixtureError("not hex: \(hex)") }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
