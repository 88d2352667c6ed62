public import Foundation

/// A fresh, empty folder under the system temporary directory, removed again when the value is
/// deinitialised (or by ``remove()``). Every test makes its own, so parallel tests never share paths.
///
/// ```swift
/// let scratch = try ScratchDirectory()
/// let repo = scratch.url.appending(path: "remote.git")
/// ```
public final class ScratchDirectory: Sendable {
    /// The folder (exists until ``remove()`` or deinit).
    public let url: URL

    /// Creates `<tmp>/<prefix>-<uuid>/`.
    public init(prefix: String = "phoenix-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the folder (nothing is created).
    public func path(_ relative: String) -> URL {
        url.appendingPathComponent(relative)
    }

    /// The folder's path.
    public var path: String { url.path }

    /// Writes `text` at `relative` (creating folders) and returns the file's path.
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, Data(text.utf8))
    }

    /// Writes `bytes` at `relative` (creating folders) and returns the file's path.
    @discardableResult
    public func write(_ relative: String, _ bytes: Data) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: file)
        return file.path
    }

    /// Writes an executable script (mode 0755) at `relative`.
    @discardableResult
    public func writeExecutable(_ relative: String, _ text: String) throws -> String {
        let file = try write(relative, text)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
        return file
    }

    /// The text of the file at `relative`, nil when it does not exist.
    public func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path(relative).path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether something exists at `relative`.
    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relative).path)
    }

    /// The permission bits of the file at `relative`.
    public func mode(_ relative: String) -> Int? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path(relative).path)
        return (attributes?[.posixPermissions] as? NSNumber)?.intValue
    }

    /// Every entry below the folder, recursively (hidden ones included), sorted.
    public func allEntries() -> [String] {
        (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
    }

    /// Removes the folder and everything in it (idempotent).
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    deinit {
        remove()
    }
}

/// Runs `body` with a fresh scratch folder and removes the folder afterwards, whatever happens.
public func withScratchDirectory<R>(
    prefix: String = "phoenix-test", _ body: (URL) throws -> R
) throws -> R {
    let scratch = try ScratchDirectory(prefix: prefix)
    defer { scratch.remove() }
    return try body(scratch.url)
}

/// Async form of ``withScratchDirectory(prefix:_:)``.
public func withScratchDirectory<R>(
    prefix: String = "phoenix-test", _ body: (URL) async throws -> R
) async throws -> R {
    let scratch = try ScratchDirectory(prefix: prefix)
    defer { scratch.remove() }
    return try await body(scratch.url)
}
