import Foundation

/// A `ConfigSource` over a plain folder on disk (`validate PATH`, tests, the embedded example).
///
/// Files over `maxFileBytes` are refused from their size on disk, before any byte is read.
/// Paths with `..` or a leading `/` are refused, so a config value can never make it read outside `root`.
/// Symlinks are never followed (`lstat`), as git would store them: a symlink is a file whose content
/// is its target's text, and a symlinked folder is not entered (issue #12, L3: a checkout's link to
/// `/etc/passwd` or a `.` loop).
public struct FolderSource: ConfigSource {
    /// The folder standing for the repository root.
    public let root: URL
    /// Largest file that will be read (default 16 MiB, the JSON parser's limit).
    public let maxFileBytes: Int

    /// Creates a source over `root`.
    public init(root: URL, maxFileBytes: Int = 16 * 1024 * 1024) {
        self.root = root.standardizedFileURL
        self.maxFileBytes = maxFileBytes
    }

    /// Creates a source over the folder at `path`.
    public init(path: String, maxFileBytes: Int = 16 * 1024 * 1024) {
        self.init(root: URL(fileURLWithPath: path, isDirectory: true), maxFileBytes: maxFileBytes)
    }

    /// `folder <path>`.
    public var sourceDescription: String { "folder \(root.path)" }

    /// Reads a file, refusing oversized files before reading them.
    public func read(_ path: String) throws -> Data? {
        let url = try resolve(path)
        guard throughRealFolders(path) else { return nil }
        switch Self.kind(of: url.path) {
        case .missing, .folder: return nil
        case .symlink:
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: url.path) else {
                throw ConfigSourceError(kind: .unreadable, path: path, message: "cannot read the symbolic link")
            }
            return Data(target.utf8)
        case .file: break
        }
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            if let size = (attributes[.size] as? NSNumber)?.intValue, size > maxFileBytes {
                throw ConfigSourceError(
                    kind: .tooLarge(size: size, limit: maxFileBytes), path: path,
                    message: "file is \(size) bytes, over the limit of \(maxFileBytes) bytes; not read")
            }
            return try Data(contentsOf: url)
        } catch let error as ConfigSourceError {
            throw error
        } catch {
            throw ConfigSourceError(kind: .unreadable, path: path, message: error.localizedDescription)
        }
    }

    /// Lists a folder (hidden entries included, sorted by name); empty when it does not exist.
    public func list(_ folder: String) throws -> [ConfigSourceEntry] {
        let url = try resolve(folder)
        guard throughRealFolders(folder), folder.isEmpty || Self.kind(of: url.path) == .folder else { return [] }
        do {
            let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
            return names.sorted().compactMap { name in
                switch Self.kind(of: url.appendingPathComponent(name).path) {
                case .missing: return nil
                case .folder: return ConfigSourceEntry(name: name, isFolder: true)
                case .file, .symlink: return ConfigSourceEntry(name: name, isFolder: false)
                }
            }
        } catch {
            throw ConfigSourceError(kind: .unreadable, path: folder, message: error.localizedDescription)
        }
    }

    private enum Kind { case missing, file, folder, symlink }

    /// What is at `path`, without following a symlink there.
    private static func kind(of path: String) -> Kind {
        guard let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType else {
            return .missing
        }
        switch type {
        case .typeDirectory: return .folder
        case .typeSymbolicLink: return .symlink
        default: return .file
        }
    }

    /// Whether every folder on the way to `path` (below the root) is a real folder, not a symlink.
    private func throughRealFolders(_ path: String) -> Bool {
        var current = root
        for part in path.split(separator: "/").dropLast() {
            current = current.appendingPathComponent(String(part))
            guard Self.kind(of: current.path) == .folder else { return false }
        }
        return true
    }

    private func resolve(_ path: String) throws(ConfigSourceError) -> URL {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !path.hasPrefix("/"), !parts.contains("..") else {
            throw ConfigSourceError(kind: .unsafePath, path: path, message: "path leaves the configuration root")
        }
        return parts.reduce(root) { $0.appendingPathComponent(String($1)) }
    }
}
