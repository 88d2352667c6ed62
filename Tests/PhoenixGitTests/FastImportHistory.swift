import Foundation
import PhoenixGit
import PhoenixTesting

/// Commits written with one `git fast-import` run, so a test can make hundreds of trees (with
/// exact bytes, links and submodules) for the cost of one process. Each commit's tree is exactly
/// the snapshot given (`deleteall` first); the commits' parents do not matter to the diffs.
struct FastImportHistory {
    /// One tree entry.
    enum Entry {
        /// A regular file (`executable`: mode 100755).
        case file(Data, executable: Bool = false)
        /// A symbolic link to `target`.
        case link(String)
        /// A submodule at commit `sha` (which need not exist).
        case gitlink(String)

        static func text(_ text: String) -> Entry { .file(Data(text.utf8)) }
    }

    private var stream = Data()
    private var marks = 0

    /// Queues a commit whose tree is exactly `files`; returns its mark for ``run(in:)``'s answer.
    mutating func commit(_ files: [String: Entry]) -> Int {
        marks += 1
        append("commit refs/heads/imported\nmark :\(marks)\n")
        append("committer \(GitCLI.authorName) <\(GitCLI.authorEmail)> 1700000000 +0000\n")
        append(data: Data("snapshot \(marks)".utf8))
        append("deleteall\n")
        for (path, entry) in files.sorted(by: { $0.key < $1.key }) {
            switch entry {
            case .file(let bytes, let executable):
                append("M \(executable ? "100755" : "100644") inline \(path)\n")
                append(data: bytes)
            case .link(let target):
                append("M 120000 inline \(path)\n")
                append(data: Data(target.utf8))
            case .gitlink(let sha):
                append("M 160000 \(sha) \(path)\n")
            }
        }
        append("\n")
        return marks
    }

    /// Runs fast-import in `git`'s repository; the commit sha of every mark.
    func run(in git: GitCLI, marksFile: URL) throws -> [Int: String] {
        try git.run(["fast-import", "--quiet", "--export-marks=\(marksFile.path)"], input: stream)
        var shas: [Int: String] = [:]
        for line in try String(contentsOf: marksFile, encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let mark = Int(fields[0].dropFirst()) else { continue }
            shas[mark] = String(fields[1])
        }
        return shas
    }

    private mutating func append(_ text: String) { stream.append(Data(text.utf8)) }

    private mutating func append(data: Data) {
        append("data \(data.count)\n")
        stream.append(data)
        append("\n")
    }
}

/// Content with exactly known sizes for git's similarity score (diffcore-delta.c): every line is
/// 10 bytes with its LF, so a line is one chunk and a file of n lines is 10·n bytes. A score is
/// 60000 × shared bytes / larger size; 50% (30000) is the rename threshold.
enum Lines {
    /// Lines `tag` + zero-padded number, 10 bytes each with the LF (tag: 1 to 4 ASCII letters).
    static func make(_ tag: String, _ range: Range<Int>, ending: String = "\n") -> String {
        range.map { number in
            let digits = String(number)
            return tag + String(repeating: "0", count: 9 - tag.count - digits.count) + digits + ending
        }.joined()
    }

    /// `make` as file bytes.
    static func file(_ tag: String, _ range: Range<Int>) -> FastImportHistory.Entry { .text(make(tag, range)) }
}
