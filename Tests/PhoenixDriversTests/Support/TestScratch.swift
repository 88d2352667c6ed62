import Foundation

/// A fresh folder under the system temporary folder for one test; removed by `remove()`.
struct TestScratch {
    let path: String

    init(_ label: String = "drivers") throws {
        path = FileManager.default.temporaryDirectory.path + "/phoenix-\(label)-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes a file (creating folders) and returns its path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let file = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + relative)
    }

    /// Permission bits of a file.
    func mode(_ relative: String) -> Int? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + relative)
        return (attributes?[.posixPermissions] as? NSNumber)?.intValue
    }

    /// Every entry below the folder, recursively (hidden ones included).
    func allEntries() -> [String] {
        (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
    }
}
