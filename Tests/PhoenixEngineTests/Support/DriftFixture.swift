import Foundation
import PhoenixDrivers
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting

/// The project's example configuration on an ``EngineFixture`` remote, applied by the standard stages
/// to a local target (with a CA root on the "host", so every stage can succeed), for drift tests.
final class DriftFixture {
    let engine: EngineFixture
    let commit: String

    /// The CA root the example's `step_ca.root_ca_path` names, as a file in the target.
    static let caRootPath = "/mnt/pve/quickOS/lxc-persistent-data/230/ssl/phoenix_root_ca.crt"

    init() throws {
        engine = try EngineFixture()
        commit = try engine.push(try Self.exampleFiles(), message: "example configuration")
        try write(Self.caRootPath, "-----BEGIN CERTIFICATE-----\nMIIBdrift\n-----END CERTIFICATE-----\n")
    }

    /// `config/…` and `stacks/…` of the example (all text), as repository files.
    static func exampleFiles() throws -> [String: String?] {
        let root = ExampleRepository.packageRoot
        var files: [String: String?] = [:]
        for folder in ["config", "stacks"] {
            let base = root.appendingPathComponent(folder)
            let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
            while let url = enumerator?.nextObject() as? URL {
                guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true,
                    url.lastPathComponent != ".keep"
                else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
                files[relative] = try String(contentsOf: url, encoding: .utf8)
            }
        }
        return files
    }

    /// Settings of the fixture's one state folder.
    func settings(selfHeal: Bool = false, limit: Int = 3, window: Double = 3600) -> WatcherSettings {
        var settings = engine.settings()
        settings.selfHeal = selfHeal
        settings.selfHealRedriftLimit = limit
        settings.selfHealRedriftWindowSeconds = window
        return settings
    }

    /// A reconciler with the standard stages and planner over the local target (or `driver`).
    func reconciler(
        settings: WatcherSettings? = nil, catalogue: StageCatalogue = .standard, driver: (any HostDriver)? = nil
    ) -> Reconciler {
        var configuration = engine.configuration(settings: settings ?? self.settings(), catalogue: catalogue)
        if let driver { configuration.driver = driver }
        return Reconciler(configuration)
    }

    /// The local target's root.
    var target: URL { engine.targetRoot("state") }

    /// A host file of the target (nil when absent).
    func read(_ path: String) -> String? {
        (try? Data(contentsOf: target.appendingPathComponent(String(path.dropFirst())))).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes a host file of the target, as a person editing the host would.
    func write(_ path: String, _ text: String) throws {
        let url = target.appendingPathComponent(String(path.dropFirst()))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Removes a host file of the target.
    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: target.appendingPathComponent(String(path.dropFirst())))
    }

    /// Per target file (journal excluded): inode, modification time and bytes. A write through the
    /// driver (temporary file + rename) changes the inode, so two equal stamps mean "not written".
    func stamps() -> [String: FileStamp] {
        var result: [String: FileStamp] = [:]
        for (path, text) in engine.targetFiles("state") {
            let attributes = try? FileManager.default.attributesOfItem(atPath: target.path + path)
            result[path] = FileStamp(
                inode: (attributes?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
                modified: attributes?[.modificationDate] as? Date ?? .distantPast, text: text)
        }
        return result
    }

    /// The commands the local driver journalled so far.
    func journal() throws -> [[String]] {
        try LocalDriver(root: target.path, checks: []).journal().map(\.argv)
    }

    /// Every run file on the remote status branch, decoded, oldest first.
    func recordedRuns() throws -> [RunReport] {
        let names = try engine.remoteGit.run("ls-tree", "--name-only", "phoenix-status:runs/").split(separator: "\n").sorted()
        return try names.map { name in
            let data = try engine.remoteGit.runData(["show", "phoenix-status:runs/\(name)"]).stdoutData
            return try EngineJSON.decode(RunReport.self, from: data)
        }
    }
}

/// What identifies one version of a file on disk.
struct FileStamp: Equatable {
    var inode: UInt64
    var modified: Date
    var text: String
}
