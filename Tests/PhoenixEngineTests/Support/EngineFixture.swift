import Foundation
import Logging
import PhoenixDrivers
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting

/// A config repository (bare, optionally served by `git daemon` on 127.0.0.1), a working clone the
/// `git` CLI commits and pushes from as a user would, and reconcilers with their own state folder
/// and local-driver target, all in one scratch folder.
final class EngineFixture {
    let scratch: ScratchDirectory
    let remote: URL
    let work: GitCLI
    let faults = FaultSwitch()
    let clock = TestClock()
    private(set) var daemon: GitDaemon?

    init(daemon useDaemon: Bool = false) throws {
        GitTestEnvironment.prepare()
        scratch = try ScratchDirectory(prefix: "phoenix-engine")
        remote = scratch.path("remote.git")
        try GitCLI.initRepository(at: remote, bare: true)
        work = try GitCLI.initRepository(at: scratch.path("work"))
        try work.run("remote", "add", "origin", remote.path)
        if useDaemon { daemon = try GitDaemon(basePath: scratch.url) }
    }

    deinit {
        daemon?.stop()
    }

    /// The URL reconcilers use: git:// when the daemon runs, else the bare repository's path.
    var remoteURL: String { daemon?.url(for: "remote.git") ?? remote.path }

    /// Stops the daemon (the remote becomes unreachable over git://).
    func stopDaemon() {
        daemon?.stop()
    }

    /// Commits `files` (nil deletes) in the working clone and pushes to main, as a user would.
    @discardableResult
    func push(_ files: [String: String?], message: String) throws -> String {
        let sha = try work.commit(files, message: message)
        try work.run("push", "-q", "origin", "HEAD:refs/heads/main")
        return sha
    }

    /// Pushes the valid base configuration.
    @discardableResult
    func pushBaseConfig() throws -> String {
        try push(TestConfig.files(), message: "base configuration")
    }

    func stateDirectory(_ name: String) -> URL { scratch.path(name) }
    func targetRoot(_ name: String) -> URL { scratch.path("\(name)-target") }

    func settings(state: String = "state") -> WatcherSettings {
        var settings = WatcherSettings()
        settings.repo = remoteURL
        settings.stateDir = stateDirectory(state).path
        settings.targetRoot = targetRoot(state).path
        settings.commitAuthorName = "phoenix-test"
        settings.commitAuthorEmail = "phoenix-test@example.invalid"
        return settings
    }

    func configuration(
        state: String = "state", settings custom: WatcherSettings? = nil, catalogue: StageCatalogue? = nil,
        planner: any RunPlanner = StandardRunPlanner(), verifier: SignatureVerifier? = nil
    ) -> ReconcilerConfiguration {
        let settings = custom ?? self.settings(state: state)
        var logger = Logger(label: "phoenix-test")
        logger.logLevel = .critical
        let clock = clock
        return ReconcilerConfiguration(
            settings: settings, endpoint: RemoteEndpoint.from(settings: settings),
            catalogue: catalogue ?? TestCatalogue.make(faults: faults), planner: planner,
            driver: LocalDriver(root: settings.resolvedTargetRoot.path, checks: []),
            verifier: verifier ?? SignatureVerifier(policy: .none), identity: WatcherIdentity.derive(from: settings),
            retry: RetryPolicy(baseSeconds: 30, maxSeconds: 600), now: { clock.now }, logger: logger)
    }

    func reconciler(
        state: String = "state", catalogue: StageCatalogue? = nil, planner: any RunPlanner = StandardRunPlanner(),
        verifier: SignatureVerifier? = nil
    ) -> Reconciler {
        Reconciler(configuration(state: state, catalogue: catalogue, planner: planner, verifier: verifier))
    }

    // MARK: - Inspecting what was written

    /// The git CLI in the bare remote.
    var remoteGit: GitCLI { GitCLI(in: remote) }

    /// Commits of the status branch on the remote, newest first.
    func statusCommits(branch: String = "phoenix-status") throws -> [String] {
        try remoteGit.run("rev-list", branch).split(separator: "\n").map(String.init)
    }

    /// `status.json` at the remote status branch tip, parsed.
    func statusJSON(branch: String = "phoenix-status") throws -> [String: Any] {
        let text = try remoteGit.run("show", "\(branch):status.json")
        return (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    /// Files below a state's target root (relative path → text), the driver journal excluded.
    func targetFiles(_ state: String = "state") -> [String: String] {
        let root = targetRoot(state)
        var files: [String: String] = [:]
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [:] }
        for case let url as URL in enumerator {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count))
            if relative.hasSuffix(LocalDriver.journalFileName) { continue }
            files[relative] = String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
        }
        return files
    }

    /// state.json of a state folder.
    func state(_ state: String = "state") throws -> EngineState? {
        try StateStore(stateDirectory: stateDirectory(state)).load()
    }

    /// The bytes of state.json.
    func stateBytes(_ state: String = "state") -> Data? {
        try? Data(contentsOf: stateDirectory(state).appendingPathComponent("state.json"))
    }
}
