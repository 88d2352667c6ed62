import Foundation
import PhoenixCore
import PhoenixTesting
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
        let folder = GoldenFolder(root.appendingPathComponent("\(render.stage)/\(fixture)"))
        for problem in try folder.mismatches(files(of: render), name: "\(render.stage)/\(fixture)") {
            Issue.record("\(problem)", sourceLocation: sourceLocation)
        }
    }
}
