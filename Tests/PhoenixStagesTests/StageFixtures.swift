import Foundation
import PhoenixTesting
import PhoenixCore
import PhoenixDrivers
import PhoenixStages

/// Configurations the stage tests render: the project's example (`config/`, `stacks/` at the package
/// root), the real corpus (`../shared/corpus/phoenix-real`), and variations of the example built in
/// memory.
enum StageFixtures {
    /// The package root, computed from this file.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The real corpus folder.
    static let corpusRoot = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/phoenix-real")

    /// Whether the corpus is on this machine.
    static var corpusIsAvailable: Bool {
        FileManager.default.fileExists(atPath: corpusRoot.appendingPathComponent("config").path)
    }

    /// The example configuration.
    static func example() throws -> ConfigSnapshot {
        try load(FolderSource(root: packageRoot))
    }

    /// The corpus configuration.
    static func corpus() throws -> ConfigSnapshot {
        try load(FolderSource(root: corpusRoot))
    }

    /// Every file of the example as text (config and stacks), for in-memory variations.
    static func exampleTexts() throws -> [String: String] {
        let source = FolderSource(root: packageRoot)
        var texts: [String: String] = [:]
        for path in try source.allFiles(under: "config") + source.allFiles(under: "stacks") {
            texts[path] = String(decoding: try source.read(path) ?? Data(), as: UTF8.self)
        }
        return texts
    }

    /// The example with one JSON file changed by `edit` (the file is re-serialized; key order may change).
    static func example(
        editing path: String, _ edit: (inout [String: Any]) throws -> Void
    ) throws -> ConfigSnapshot {
        var texts = try exampleTexts()
        let data = Data((texts[path] ?? "{}").utf8)
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError("\(path) is not a JSON object")
        }
        try edit(&object)
        let edited = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        texts[path] = String(decoding: edited, as: UTF8.self)
        return try load(InMemorySource(texts: texts))
    }

    static let hypervisorPath = "config/phoenix_hypervisor_config.json"
    static let lxcPath = "config/phoenix_lxc_configs.json"
    static let vmPath = "config/phoenix_vm_configs.json"

    /// Loads a snapshot or throws with the loader's errors.
    static func load(_ source: any ConfigSource) throws -> ConfigSnapshot {
        let result = ConfigLoader.load(from: source)
        guard let snapshot = result.snapshot else {
            throw FixtureError("cannot load: " + result.diagnostics.map(\.formatted).joined(separator: "; "))
        }
        return snapshot
    }

    /// A context over `driver` with default settings.
    static func context(
        _ driver: any HostDriver, snapshot: ConfigSnapshot, settings: StageSettings = StageSettings(),
        previous: [AppliedArtifact] = []
    ) -> StageContext {
        StageContext(driver: driver, settings: settings, snapshot: snapshot, previous: previous)
    }
}
