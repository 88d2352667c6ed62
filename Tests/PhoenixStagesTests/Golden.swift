import Foundation
import PhoenixCore
import PhoenixStages
import PhoenixTesting

/// Golden files for renders: every artifact of a render is compared byte for byte with
/// `Golden/<stage>/<fixture>/<location>/<path>` (`host/etc/dnsmasq.conf`, `lxc-220/etc/traefik/…`,
/// `desired-state/<name>`), and the render's diagnostics with `…/diagnostics.txt`. A golden file that
/// the render no longer produces is a mismatch too.
///
/// `RECORD_GOLDEN=1 swift test …` rewrites the files of the renders checked (review the diff!).
enum Golden {
    /// The folder holding the golden files (next to this source file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Whether this run records instead of comparing.
    static var isRecording: Bool { GoldenFolder.isRecording }

    /// The mismatches between `render` and its golden files (empty when equal, and when recording).
    static func mismatches(_ render: Render, fixture: String) throws -> [String] {
        var expected: [String: Data] = [:]
        for artifact in render.artifacts { expected[relativePath(of: artifact)] = artifact.contents }
        let diagnostics = render.diagnostics.sorted(by: Diagnostic.reportOrder).map(\.formatted)
        expected["diagnostics.txt"] = Data((diagnostics.map { $0 + "\n" }.joined()).utf8)
        let folder = root.appendingPathComponent(render.stage.rawValue).appendingPathComponent(fixture)
        return try GoldenFolder(folder).mismatches(expected, name: "\(render.stage)/\(fixture)")
    }

    /// `host/etc/dnsmasq.conf`, `lxc-220/etc/traefik/dynamic/dynamic_conf.yml`, `desired-state/x`.
    static func relativePath(of artifact: Artifact) -> String {
        let place: String
        switch (artifact.kind, artifact.location) {
        case (.desiredState, _): place = "desired-state"
        case (.file, .host): place = "host"
        case (.file, .lxc(let id)): place = "lxc-\(id)"
        case (.file, .vm(let id)): place = "vm-\(id)"
        }
        return place + "/" + artifact.path.drop { $0 == "/" }
    }
}
