import Foundation
import PhoenixTesting
import PhoenixCore
import PhoenixDrivers
import Synchronization
import Testing

@testable import PhoenixStages

/// Shared set-up of the certificates, swarm, portainer, stack-deploy and runner tests: the example
/// configuration and the real corpus as snapshots, in-memory variants of them, scratch folders.
enum StagesBFixtures {
    /// The package root, from this file's path (never the working directory).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `../shared/corpus/phoenix-real`.
    static let corpusRoot = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/phoenix-real")

    /// The project's example `config/` + `stacks/`.
    static func example() throws -> ConfigSnapshot {
        try load(FolderSource(root: packageRoot))
    }

    /// The real corpus.
    static func corpus() throws -> ConfigSnapshot {
        try load(FolderSource(root: corpusRoot))
    }

    /// Every file of the example (`config/…`, `stacks/…`), to edit in memory.
    static func exampleFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for folder in ["config", "stacks"] {
            let base = packageRoot.appendingPathComponent(folder)
            let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
            while let url = enumerator?.nextObject() as? URL {
                guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(packageRoot.standardizedFileURL.path.count + 1))
                files[relative] = try Data(contentsOf: url)
            }
        }
        return files
    }

    /// The example with `edit` applied to its files.
    static func example(editing edit: (inout [String: Data]) throws -> Void) throws -> ConfigSnapshot {
        var files = try exampleFiles()
        try edit(&files)
        return try load(InMemorySource(files: files))
    }

    /// Loads a snapshot; load errors fail the test with their messages.
    static func load(_ source: any ConfigSource) throws -> ConfigSnapshot {
        let result = ConfigLoader.load(from: source)
        let errors = result.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let snapshot = result.snapshot else {
            throw FixtureError("config does not load: " + errors.map(\.formatted).joined(separator: "\n"))
        }
        return snapshot
    }

    /// A small configuration: the given files over a minimal hypervisor/LXC/VM set.
    static func snapshot(
        lxc: String = #"{"lxc_configs": {}}"#, vm: String = #"{"vms": []}"#, certificates: String = "[]",
        stacksConfig: String? = nil, hypervisor: String = #"{"domain_name": "lab.test"}"#, extra: [String: String] = [:]
    ) throws -> ConfigSnapshot {
        var texts = [
            "config/phoenix_hypervisor_config.json": hypervisor, "config/phoenix_lxc_configs.json": lxc,
            "config/phoenix_vm_configs.json": vm, "config/certificate-manifest.json": certificates,
        ]
        if let stacksConfig { texts["config/phoenix_stacks_config.json"] = stacksConfig }
        texts.merge(extra) { $1 }
        return try load(InMemorySource(texts: texts))
    }

    /// Replaces exactly one occurrence of `old` in the UTF-8 file `path`.
    static func replace(_ files: inout [String: Data], _ path: String, _ old: String, _ new: String) throws {
        let text = String(decoding: files[path] ?? Data(), as: UTF8.self)
        let parts = text.components(separatedBy: old)
        guard parts.count == 2 else { throw FixtureError("expected one \(old.debugDescription) in \(path), found \(parts.count - 1)") }
        files[path] = Data(parts.joined(separator: new).utf8)
    }

    /// A context for `stage` with the given driver and previous artifacts.
    static func context(
        _ driver: any HostDriver, _ snapshot: ConfigSnapshot, settings: StageSettings = StageSettings(),
        previous: [AppliedArtifact] = [], now: Date = Date(), log: LogLines? = nil
    ) -> StageContext {
        StageContext(
            driver: driver, settings: settings, snapshot: snapshot, previous: previous, now: now,
            log: { line in log?.append(line) })
    }
}

/// A test set-up problem.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Collects log lines from a stage (thread-safe).
final class LogLines: Sendable {
    private let storage = Mutex<[String]>([])

    /// Appends a line.
    func append(_ line: String) { storage.withLock { $0.append(line) } }

    /// Every line so far.
    var lines: [String] { storage.withLock { $0 } }
}
