import Foundation
import PhoenixStages

/// Writes renders into a folder by location (docs/render-format.md) plus `manifest.json`.
///
/// The folder must be absent, empty, or hold an earlier render (a `manifest.json` of this format):
/// then exactly the files that manifest lists are removed first, so stale artifacts never linger and
/// nothing else in the folder is ever deleted.
public enum RenderExport {
    /// Writes `renders` under `folder` and returns the manifest written.
    ///
    /// - Throws: `RenderExportError` for a folder holding other things, an artifact path that would
    ///   leave the folder, two artifacts with the same place, or an I/O failure.
    public static func write(
        _ renders: [Render], to folder: URL, source: String, commit: String?
    ) throws(RenderExportError) -> RenderManifest {
        var entries: [RenderManifest.Entry] = []
        var placed: [String: StageID] = [:]
        var planned: [(String, Artifact)] = []
        for render in renders {
            for artifact in render.artifacts {
                guard let relative = ArtifactPlacement.relativePath(of: artifact.key, stage: render.stage) else {
                    throw RenderExportError(
                        path: artifact.path, message: "\(render.stage) renders a path that cannot be placed in a folder")
                }
                if let other = placed[relative] {
                    throw RenderExportError(
                        path: relative, message: "rendered by both \(other) and \(render.stage) (\(artifact.key))")
                }
                placed[relative] = render.stage
                planned.append((relative, artifact))
                entries.append(
                    RenderManifest.Entry(
                        stage: render.stage.rawValue, location: artifact.location.description, path: artifact.path,
                        kind: artifact.kind.rawValue, mode: String(format: "%04o", artifact.mode), owner: artifact.owner,
                        sha256: artifact.digest, size: artifact.contents.count, file: relative))
            }
        }
        // A place that is also the folder of another place cannot be written; say so before writing anything.
        for relative in placed.keys {
            var ancestor = ""
            for component in relative.split(separator: "/").dropLast() {
                ancestor += ancestor.isEmpty ? String(component) : "/" + component
                if let other = placed[ancestor] {
                    throw RenderExportError(
                        path: ancestor, message: "rendered by \(other) as a file and needed as a folder for \(relative)")
                }
            }
        }
        let manifest = RenderManifest(
            source: source, commit: commit, stages: renders.map(\.stage.rawValue), artifacts: entries,
            diagnostics: renders.flatMap { render in render.diagnostics.map { RenderManifest.Finding(stage: render.stage, $0) } })
        try prepare(folder)
        for (relative, artifact) in planned {
            let url = folder.appendingPathComponent(relative)
            try io(relative) {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try artifact.contents.write(to: url)
                // Owner read/write always, so the folder can be re-rendered and read by its user.
                try FileManager.default.setAttributes([.posixPermissions: (artifact.mode & 0o777) | 0o600], ofItemAtPath: url.path)
            }
        }
        try io("manifest.json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(manifest)
            data.append(0x0A)
            try data.write(to: folder.appendingPathComponent("manifest.json"), options: .atomic)
        }
        return manifest
    }

    /// Makes `folder` ready: created when absent; cleared of an earlier render's files; refused when
    /// it holds anything else.
    private static func prepare(_ folder: URL) throws(RenderExportError) {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            try io(folder.path) { try manager.createDirectory(at: folder, withIntermediateDirectories: true) }
            return
        }
        guard isFolder.boolValue else { throw RenderExportError(path: folder.path, message: "is not a folder") }
        let contents = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
        guard !contents.isEmpty else { return }
        let manifestURL = folder.appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: manifestURL),
            let previous = try? JSONDecoder().decode(RenderManifest.self, from: data), previous.format == "phoenix-render"
        else {
            throw RenderExportError(
                path: folder.path, message: "is not empty and holds no earlier render (manifest.json); choose an empty folder")
        }
        var parents = Set<String>()
        for entry in previous.artifacts {
            let parts = entry.file.split(separator: "/")
            guard !parts.isEmpty, !parts.contains(".."), !entry.file.hasPrefix("/") else { continue }
            try? manager.removeItem(at: folder.appendingPathComponent(entry.file))
            for depth in stride(from: parts.count - 1, to: 0, by: -1) {
                parents.insert(parts.prefix(depth).joined(separator: "/"))
            }
        }
        // Deepest first, and only folders that became empty.
        for parent in parents.sorted(by: { $0.count > $1.count }) {
            let url = folder.appendingPathComponent(parent)
            if (try? manager.contentsOfDirectory(atPath: url.path))?.isEmpty == true { try? manager.removeItem(at: url) }
        }
        try? manager.removeItem(at: manifestURL)
    }

    private static func io(_ path: String, _ body: () throws -> Void) throws(RenderExportError) {
        do {
            try body()
        } catch {
            throw RenderExportError(path: path, message: error.localizedDescription)
        }
    }
}
