import Foundation
import PhoenixCore
import Testing

/// The bundled example (config/, stacks/) is what a first try runs on every push: it must validate with
/// no warning, or every push prints one the user cannot act on (it printed "cert_type has no effect",
/// which was also untrue: `cert_type: client` picks the gateway's client certificate).
@Suite struct ExampleWarningFreeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theExampleHasNoWarnings() throws {
        let report = ConfigValidator.validate(source: FolderSource(root: Self.root))
        let warnings = report.diagnostics.filter { $0.severity != .info }.map(\.formatted)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(report.errorCount == 0)
    }
}
