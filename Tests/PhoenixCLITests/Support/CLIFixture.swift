import Foundation
import PhoenixEngine
import PhoenixGit
import PhoenixTesting

/// A scratch folder with a config repository made by `phoenix-gitops init` (the bundled example) and
/// a settings file that keeps failed stages from being retried within a test (the local target
/// cannot satisfy every stage of the example, see docs/adr).
final class CLIFixture {
    let scratch: ScratchDirectory
    let remote: URL
    let settingsFile: URL
    /// Whether the arguments name the local target root explicitly. An operator-chosen root is never
    /// seeded with the example CA's root (ADR 0041), so trusted-ca fails there: the tests of retries
    /// and of crash recovery need a run that leaves stages behind.
    let explicitTargetRoot: Bool

    init(explicitTargetRoot: Bool = false) throws {
        self.explicitTargetRoot = explicitTargetRoot
        GitTestEnvironment.prepare()
        scratch = try ScratchDirectory(prefix: "phoenix-cli")
        remote = scratch.path("config.git")
        let made = try Binary.run(["init", remote.path], in: scratch.url)
        guard made.succeeded else { throw FixtureFailure("init failed: \(made.stderr)") }
        settingsFile = scratch.path("settings.json")
        try Data("{\"retry_base_seconds\": 3600, \"retry_max_seconds\": 3600}\n".utf8).write(to: settingsFile)
    }

    func stateDirectory(_ name: String) -> URL { scratch.path(name) }

    /// Arguments selecting the repository, a state folder and the settings file.
    func arguments(repo: String? = nil, state: String) -> [String] {
        ["--repo", repo ?? remote.path, "--state-dir", stateDirectory(state).path, "--settings", settingsFile.path]
            + (explicitTargetRoot ? ["--target-root", stateDirectory(state).appendingPathComponent("target").path] : [])
    }

    func state(_ name: String) throws -> EngineState? {
        try StateStore(stateDirectory: stateDirectory(name)).load()
    }

    var remoteGit: GitCLI { GitCLI(in: remote) }

    /// Files of a state's local target (path relative to the target root → bytes), journal excluded.
    func targetFiles(_ name: String) -> [String: Data] {
        let root = stateDirectory(name).appendingPathComponent("target").standardizedFileURL
        var files: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [:] }
        for case let url as URL in enumerator {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count))
            if relative.hasSuffix(".phoenix-journal.jsonl") { continue }
            files[relative] = try? Data(contentsOf: url)
        }
        return files
    }

    /// Every run file on the status branch, decoded.
    func recordedRuns() throws -> [RunReport] {
        let names = try remoteGit.run("ls-tree", "--name-only", "phoenix-status:runs/").split(separator: "\n")
        return try names.map { name in
            let data = try remoteGit.runData(["show", "phoenix-status:runs/\(name)"]).stdoutData
            return try EngineJSON.decode(RunReport.self, from: data)
        }
    }

    /// `status.json` at the tip of the status branch.
    func statusDocument() throws -> StatusDocument {
        try EngineJSON.decode(StatusDocument.self, from: try remoteGit.runData(["show", "phoenix-status:status.json"]).stdoutData)
    }
}
