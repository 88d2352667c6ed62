import Foundation
import PhoenixTesting
import Testing

/// Issue #19 item 4 through the built executable, as a new user would try it: `validate` and `render`
/// of each real corpus exit 0 with no errors.
@Suite struct RealCorporaCommandTests {
    static let corpora = ["phoenix-real-2025-10-15", "phoenix-real", "phoenix-real-2025-11-25"]

    @Test(arguments: corpora)
    func validateAndRenderSucceed(corpus: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus/\(corpus)")
        let scratch = try ScratchDirectory(prefix: "phoenix-corpus-cli")
        let validate = try Binary.run(["validate", root.path], in: scratch.url)
        #expect(validate.succeeded, "\(validate.stdout)\(validate.stderr)")
        #expect(validate.stdout.contains("0 errors"), "\(validate.stdout)")
        let out = scratch.path("rendered")
        let render = try Binary.run(["render", "--path", root.path, "--out", out.path], in: scratch.url)
        #expect(render.succeeded, "\(render.stdout)\(render.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
    }
}
