import Foundation
import PhoenixCore
import Testing

@testable import PhoenixStages

/// Golden files of the command-driven stages: every artifact of a render, plus its diagnostics, under
/// `Golden/<stage>/<fixture>/`, compared byte for byte; re-recorded only with `RECORD_GOLDEN=1`.
///
/// Layout: `<location>/files/<absolute path>` for file artifacts, `<location>/desired/<name>.json`
/// for desired states (location `host`, `lxc-210`, `vm-310`), and `diagnostics.txt`.
enum StagesBGolden {
    static let root = StagesBFixtures.packageRoot.appendingPathComponent("Tests/PhoenixStagesTests/Golden")

    /// The expected files of a render.
    static func files(of render: Render) -> [String: Data] {
        var files: [String: Data] = [:]
        for artifact in render.artifacts {
            let location = artifact.location.description.replacingOccurrences(of: " ", with: "-")
            let relative: String
            switch artifact.kind {
            case .file: relative = "\(location)/files\(artifact.path)"
            case .desiredState: relative = "\(location)/desired/\(artifact.path).json"
            }
            files[relative] = artifact.contents
        }
        let diagnostics = render.diagnostics.sorted(by: Diagnostic.reportOrder).map { $0.formatted + "\n" }.joined()
        files["diagnostics.txt"] = Data(diagnostics.utf8)
        return files
    }

    /// Compares (or records) the render's files with `Golden/<stage>/<fixture>`.
    static func verify(_ render: Render, fixture: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let folder = root.appendingPathComponent("\(render.stage)/\(fixture)")
        let expected = files(of: render)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(at: folder)
            for (relative, data) in expected {
                let url = folder.appendingPathComponent(relative)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            return
        }
        var found: [String: Data] = [:]
        let base = folder.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            found[String(url.standardizedFileURL.path.dropFirst(base.count + 1))] = try Data(contentsOf: url)
        }
        #expect(
            Set(found.keys) == Set(expected.keys),
            "golden files of \(render.stage)/\(fixture) differ in names (RECORD_GOLDEN=1 re-records)",
            sourceLocation: sourceLocation)
        for (name, data) in expected.sorted(by: { $0.key < $1.key }) {
            guard let golden = found[name] else { continue }
            #expect(
                golden == data, "\(render.stage)/\(fixture)/\(name) differs from its golden file:\n\(firstDifference(golden, data))",
                sourceLocation: sourceLocation)
        }
    }

    private static func firstDifference(_ golden: Data, _ rendered: Data) -> String {
        let old = String(decoding: golden, as: UTF8.self).components(separatedBy: "\n")
        let new = String(decoding: rendered, as: UTF8.self).components(separatedBy: "\n")
        for index in 0..<max(old.count, new.count) {
            let left = index < old.count ? old[index] : "<end>"
            let right = index < new.count ? new[index] : "<end>"
            if left != right { return "line \(index + 1): golden \(left.debugDescription), rendered \(right.debugDescription)" }
        }
        return "(no line differs)"
    }
}
