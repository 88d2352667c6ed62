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
