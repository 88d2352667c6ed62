import Foundation
import PhoenixCore
import PhoenixStages

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
    static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" }

    /// The mismatches between `render` and its golden files (empty when equal, and when recording).
    static func mismatches(_ render: Render, fixture: String) throws -> [String] {
        let folder = root.appendingPathComponent(render.stage.rawValue).appendingPathComponent(fixture)
        var expected: [String: Data] = [:]
        for artifact in render.artifacts { expected[relativePath(of: artifact)] = artifact.contents }
        let diagnostics = render.diagnostics.sorted(by: Diagnostic.reportOrder).map(\.formatted)
        expected["diagnostics.txt"] = Data((diagnostics.map { $0 + "\n" }.joined()).utf8)

        if isRecording {
            try? FileManager.default.removeItem(at: folder)
            for (path, data) in expected {
                let url = folder.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            return []
        }
        var problems: [String] = []
        let present = Set(files(under: folder))
        for path in expected.keys.sorted() {
            guard present.contains(path) else {
                problems.append("\(render.stage)/\(fixture)/\(path): no golden file (run with RECORD_GOLDEN=1 and review)")
                continue
            }
            let golden = try Data(contentsOf: folder.appendingPathComponent(path))
            if golden != expected[path] {
                problems.append(
                    "\(render.stage)/\(fixture)/\(path) differs from its golden file:\n"
                        + firstDifference(golden, expected[path] ?? Data()))
            }
        }
        for path in present.subtracting(expected.keys).sorted() {
            problems.append("\(render.stage)/\(fixture)/\(path): golden file no longer rendered")
        }
        return problems
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

    private static func files(under folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var paths: [String] = []
        let base = folder.standardizedFileURL.path + "/"
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            paths.append(String(url.standardizedFileURL.path.dropFirst(base.count)))
        }
        return paths
    }

    private static func firstDifference(_ golden: Data, _ rendered: Data) -> String {
        let old = String(decoding: golden, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let new = String(decoding: rendered, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(old.count, new.count) {
            let a = index < old.count ? String(old[index]) : "<end>"
            let b = index < new.count ? String(new[index]) : "<end>"
            if a != b { return "  line \(index + 1)\n  golden:   \(a)\n  rendered: \(b)" }
        }
        return "  (same lines, different bytes)"
    }
}
