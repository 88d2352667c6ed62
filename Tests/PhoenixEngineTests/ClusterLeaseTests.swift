import Foundation
import PhoenixDrivers
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting
import Testing

/// Issue #13 item 4: every run holds the cluster-wide apply lease (a pmxcfs lock taken as cfs_lock does,
/// ADR 0036) through the Proxmox driver. Two watchers on one cluster share its `/etc/pve` (here one host
/// root); pmxcfs's expiry is the stand-in's (StandInPmxcfs, memdb.c's rule).
@Suite struct ClusterLeaseTests {
    /// A watcher's configuration with the Proxmox driver on node `a` of a cluster whose pmxcfs is at
    /// `hostRoot/etc/pve` (the engine's test stages only write host files: no `pct`, `qm` or `pvesh`).
    static func configuration(
        _ fixture: EngineFixture, state: String, hostRoot: String, catalogue: StageCatalogue? = nil,
        refresh: Duration = .milliseconds(100)
    ) -> ReconcilerConfiguration {
        var configuration = fixture.configuration(state: state, catalogue: catalogue)
        var cluster = ProxmoxCluster(localNode: "a", nodes: [], knownHostsFile: "/dev/null", identityFile: "/dev/null")
        cluster.leaseRefresh = refresh
        // The test stages' "reload" (`systemctl reload phoenix-<stage>`) answered by a `systemctl` that
        // succeeds: the lease is under test here, not the host's services.
        let path = fixture.scratch.path("bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        configuration.driver = ProxmoxDriver(
            runner: CommandRunner(searchPath: path), options: .init(hostRoot: hostRoot, cluster: cluster))
        return configuration
    }

    static func pmxcfs(_ fixture: EngineFixture) throws -> String {
        let root = fixture.scratch.path("cluster-root").path
        try FileManager.default.createDirectory(atPath: root + "/etc/pve/priv", withIntermediateDirectories: true)
        let bin = fixture.scratch.path("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let systemctl = bin.appendingPathComponent("systemctl")
        try Data("#!/bin/sh\nexit 0\n".utf8).write(to: systemctl)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: systemctl.path)
        return root
    }

    @Test func twoWatchersNeverApplyAtOnceAndTheLeaseIsReleasedAfterTheRun() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let root = try Self.pmxcfs(fixture)
        let lockPath = root + "/etc/pve/priv/lock/phoenix-gitops"
        let gate = Gate()
        let first = Reconciler(
            Self.configuration(
                fixture, state: "a", hostRoot: root, catalogue: TestCatalogue.make(faults: fixture.faults, gate: gate)))
        let running = Task { await first.reconcile() }
        await gate.reached()
        #expect(FileManager.default.fileExists(atPath: lockPath), "the run holds the lease while it applies")

        let second = Reconciler(Self.configuration(fixture, state: "b", hostRoot: root))
        let refused = await second.reconcile(options: RunOptions(lockTimeout: .milliseconds(600)))
        guard case .lockBusy(let message) = refused.outcome else {
            Issue.record("a second watcher applied while the first held the lease: \(refused.outcome)")
            await gate.open()
            return
        }
        #expect(message.contains("holds the apply lease \(lockPath)"), "\(message)")
        #expect(refused.exitCode == ExitStatus.lockBusy)
        #expect(try fixture.state("b")?.lastTarget == nil, "nothing recorded by the refused watcher")

        await gate.open()
        #expect(await running.value.outcome == .finished(.succeeded))
        #expect(!FileManager.default.fileExists(atPath: lockPath), "released when the run ended")
        #expect(await second.reconcile().outcome == .finished(.succeeded))
        #expect(!FileManager.default.fileExists(atPath: lockPath))
    }

    @Test func aHolderThatRefreshesKeepsItsLeasePastTheLifetime() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let root = try Self.pmxcfs(fixture)
        let pmxcfs = try StandInPmxcfs(hostRoot: root, lifetime: 2)
        defer { pmxcfs.stop() }
        let gate = Gate()
        let first = Reconciler(
            Self.configuration(
                fixture, state: "a", hostRoot: root, catalogue: TestCatalogue.make(faults: fixture.faults, gate: gate)))
        let running = Task { await first.reconcile() }
        await gate.reached()
        // The contender keeps sending unlock requests for longer than the lifetime; the holder's
        // refreshes (every 100 ms) keep the lock alive.
        let second = Reconciler(Self.configuration(fixture, state: "b", hostRoot: root))
        let refused = await second.reconcile(options: RunOptions(lockTimeout: .seconds(4)))
        guard case .lockBusy = refused.outcome else {
            Issue.record("the lease expired under a holder that refreshes it: \(refused.outcome)")
            await gate.open()
            return
        }
        #expect(pmxcfs.expired.isEmpty)
        await gate.open()
        #expect(await running.value.outcome == .finished(.succeeded))
    }

    @Test func aDeadHoldersLeaseIsTakenOverOnceItExpires() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let root = try Self.pmxcfs(fixture)
        // A watcher killed while it held the lease: the lock stays, nobody refreshes it.
        #expect(try PmxcfsLock(hostRoot: root).tryAcquire())

        // Without pmxcfs expiring it, nobody else removes it: the run does not start.
        let watcher = Reconciler(Self.configuration(fixture, state: "b", hostRoot: root))
        guard case .lockBusy = await watcher.reconcile(options: RunOptions(lockTimeout: .milliseconds(600))).outcome else {
            Issue.record("a watcher removed another holder's lock itself")
            return
        }

        // pmxcfs deletes it on an unlock request once it is older than its lifetime: the run takes over.
        let pmxcfs = try StandInPmxcfs(hostRoot: root, lifetime: 1)
        defer { pmxcfs.stop() }
        let result = await watcher.reconcile(options: RunOptions(lockTimeout: .seconds(10)))
        #expect(result.outcome == .finished(.succeeded), "\(result.outcome)")
        #expect(pmxcfs.expired == ["phoenix-gitops"])
        #expect(fixture.targetFiles("b")["/etc/phoenix-test/vms.conf"] == nil)  // the Proxmox driver writes under its host root
        #expect(FileManager.default.fileExists(atPath: root + "/etc/phoenix-test/vms.conf"))
    }
}
