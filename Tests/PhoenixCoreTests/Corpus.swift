import Foundation
import PhoenixTesting

/// Paths of the shared real corpus, computed from this file (not the working directory).
enum Corpus {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus/phoenix-real")

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("config").path)
    }
}
