public import Foundation

/// Golden files: a set of named byte strings compared with the files of a folder, byte for byte, or
/// written there when the run records (`RECORD_GOLDEN=1 swift test …`; review the diff). The one golden
/// mechanism of the tests; each suite only says how its output is laid out as names.
public struct GoldenFolder: Sendable {
    /// The folder holding this case's golden files.
    public let folder: URL

    /// The golden files of one case under `folder`.
    public init(_ folder: URL) {
        self.folder = folder
    }

    /// Whether this run records instead of comparing.
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" }

    /// The mismatches between `expected` (relative path → bytes) and the folder: a missing golden file,
    /// a golden file no longer rendered, different bytes (with the first differing line). Empty when
    /// equal, and when recording (the folder is then rewritten to hold exactly `expected`).
    public func mismatches(_ expected: [String: Data], name: String) throws -> [String] {
        if Self.isRecording {
            try? FileManager.default.removeItem(at: folder)
            for (path, data) in expected {
                let url = folder.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            return []
        }
        var problems: [String] = []
        let present = Set(files())
        for path in expected.keys.sorted() {
            guard present.contains(path) else {
                problems.append("\(name)/\(path): no golden file (run with RECORD_GOLDEN=1 and review)")
                continue
            }
            let golden = try Data(contentsOf: folder.appendingPathComponent(path))
            if golden != expected[path] {
                problems.append("\(name)/\(path) differs from its golden file:\n" + Self.firstDifference(golden, expected[path] ?? Data()))
            }
        }
        for path in present.subtracting(expected.keys).sorted() {
            problems.append("\(name)/\(path): golden file no longer rendered")
        }
        return problems
    }

    /// Every regular file below the folder, as paths relative to it.
    public func files() -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var paths: [String] = []
        let base = folder.standardizedFileURL.path + "/"
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            paths.append(String(url.standardizedFileURL.path.dropFirst(base.count)))
        }
        return paths
    }

    /// The first line where the two differ, for the failure message.
    public static func firstDifference(_ golden: Data, _ produced: Data) -> String {
        let old = String(decoding: golden, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let new = String(decoding: produced, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(old.count, new.count) {
            let a = index < old.count ? String(old[index]) : "<end>"
            let b = index < new.count ? String(new[index]) : "<end>"
            if a != b { return "  line \(index + 1)\n  golden:   \(a.debugDescription)\n  produced: \(b.debugDescription)" }
        }
        return "  (same lines, different bytes)"
    }
}
