import Foundation

/// A fresh folder under the temporary directory, removed by `remove()`; each test makes its own.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("phoenix-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` at the repository-relative `path`, creating folders.
    func write(_ path: String, _ bytes: Data) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: file)
    }

    /// Writes UTF-8 text.
    func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Paths of the shared real corpus, computed from this file (not the working directory).
enum Corpus {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus/phoenix-real")

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("config").path)
    }
}
