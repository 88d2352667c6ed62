import Foundation
import PhoenixEngine
import PhoenixTesting
import Testing

/// Issue #18 item 3: `watch` without `--listen` runs the same ServiceGroup as with it, less the HTTP
/// server, so SIGTERM behaves the same: the stage in progress finishes, the run is recorded as
/// interrupted, state.json is intact and the process exits 0.
@Suite struct WatchLifecycleTests {
    @Test func sigtermWithoutListenFinishesTheStageInProgressAndExitsZero() throws {
        let world = try WebhookWorld()
        let initial = try world.remoteGit.revParse("main")
        let arguments = [
            "watch", "--interval", "1s", "--repo", world.url, "--state-dir", world.stateDirectory.path,
            "--settings", world.settingsFile.path,
        ]
        let watcher = try BackgroundProcess(
            Binary.path, arguments, environment: world.environment(), logURL: world.scratch.path("watch.log"),
            in: world.scratch.url)
        defer { watcher.stop() }
        #expect(watcher.wait(until: { (try? world.state())??.lastTarget?.hex == initial }, timeout: 120), "\(watcher.log)")

        // The next dns stage holds inside its `dnsmasq --test` until the hold file goes away; the poll finds it.
        try Data().write(to: world.hold)
        let (pushed, _) = try WebhookDaemonTests.pushContainer(
            world, clone: "work", id: 260, name: "Held-Box", lastOctet: 60, firewall: true)
        #expect(watcher.wait(until: { FileManager.default.fileExists(atPath: world.held.path) }, timeout: 120), "\(watcher.log)")

        watcher.send(SIGTERM)
        #expect(
            watcher.wait(until: { watcher.log.contains("shutting down: the run stops after the stage in progress") }, timeout: 60),
            "\(watcher.log)")
        try FileManager.default.removeItem(at: world.hold)
        #expect(watcher.waitForExit(timeout: 120) == 0, "\(watcher.log)")
        #expect(watcher.log.contains("stopped"))

        let state = try #require(try world.state())
        #expect(state.inProgress == nil && state.pendingReports.isEmpty)
        #expect(state.stage("dns").appliedCommit?.hex == pushed)
        #expect(state.stage("firewall").appliedCommit?.hex == initial)
        let subjects = try world.remoteGit.run("log", "--format=%s", "phoenix-status")
        #expect(subjects.hasPrefix("phoenix: interrupted \(pushed.prefix(7))"), "\(subjects)")
    }
}
