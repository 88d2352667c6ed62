import Foundation
import PhoenixDrivers
import PhoenixEngine
import PhoenixGit
import PhoenixReconciler
import PhoenixStages
import PhoenixTesting
import Testing

/// Whole runs on a simulated three-node cluster (issue #13 items 2 and 5, ADR 0047): three real sshd on
/// loopback, each node with its own stand-in tools and host files, one shared `/etc/pve`. The engine's
/// test stages write host files and reload through `systemctl`; `names` is set to run on every node.
@Suite(.enabled(if: StandInCluster.isAvailable, "needs /usr/sbin/sshd"))
struct ClusterRunTests {
    /// A watcher on `node` (nil: off-host) of `cluster`, with `names` on every node.
    static func configuration(
        _ fixture: EngineFixture, _ cluster: StandInCluster, node: String?, state: String,
        catalogue: StageCatalogue? = nil, downNodes: Set<String> = []
    ) -> ReconcilerConfiguration {
        var settings = fixture.settings(state: state)
        settings.driver = .proxmox
        var clusterSettings = ClusterSettings()
        clusterSettings.localNode = node
        clusterSettings.offHost = node == nil
        clusterSettings.nodes = cluster.nodes.map { ClusterSettings.Node(name: $0.name, address: "127.0.0.1", port: $0.server.port) }
        clusterSettings.stageNodes = ["names": .allNodes]
        settings.cluster = clusterSettings
        var configuration = fixture.configuration(state: state, settings: settings, catalogue: catalogue)
        var driverCluster = cluster.settings(localNode: node, reuseConnections: true)
        driverCluster.leaseRefresh = .milliseconds(200)
        for index in driverCluster.nodes.indices where downNodes.contains(driverCluster.nodes[index].name) {
            driverCluster.nodes[index].port = LoopbackPort.free()  // nothing listens: the node is down
        }
        let home = node.map { cluster.node($0).host } ?? cluster.nodes[0].host
        configuration.driver = ProxmoxDriver(
            runner: node.map { cluster.node($0).host.runner() } ?? CommandRunner(),
            options: .init(hostRoot: home.hostRoot, commandTimeout: .seconds(60), cluster: driverCluster))
        return configuration
    }

    /// Three nodes whose test units run (the stand-in systemctl refuses to reload an inactive unit).
    static func threeNodes() throws -> StandInCluster {
        let cluster = try StandInCluster(nodeNames: ["a", "b", "c"])
        for node in cluster.nodes {
            _ = try TestProcess.check(
                node.host.binDirectory + "/systemctl", ["start", "phoenix-names", "phoenix-gateway", "phoenix-vms", "phoenix-stacks"])
        }
        return cluster
    }

    static func names(_ cluster: StandInCluster, _ node: String) -> String? {
        cluster.node(node).host.file("/etc/phoenix-test/names.conf", at: .host).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func aFirstRunAppliesEachStageOnItsNodesAndRecordsThem() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let cluster = try Self.threeNodes()
        defer { cluster.remove() }
        let result = await Reconciler(Self.configuration(fixture, cluster, node: "a", state: "a")).reconcile()
        #expect(result.outcome == .finished(.succeeded), "\(result.outcome)")
        for node in ["a", "b", "c"] {
            #expect(Self.names(cluster, node) == "101 gw\n", "names.conf on node \(node)")
            #expect(try cluster.node(node).host.argvs(of: "systemctl").contains(["reload", "phoenix-names"]))
        }
        // A stage the settings do not name runs on the watcher's node only.
        #expect(cluster.node("a").host.file("/etc/phoenix-test/vms.conf", at: .host) != nil)
        #expect(cluster.node("b").host.file("/etc/phoenix-test/vms.conf", at: .host) == nil)
        let report = try #require(result.report)
        let names = try #require(report.stages.first { $0.stage == "names" })
        #expect(names.nodes?.map(\.node) == ["a", "b", "c"])
        #expect(names.nodes?.allSatisfy { $0.result == .succeeded && $0.written == ["host:/etc/phoenix-test/names.conf"] } == true)
        #expect(report.stages.first { $0.stage == "vms" }?.nodes?.map(\.node) == ["a"])
        // The state says where, for `status`.
        let saved = try #require(try fixture.state("a"))
        #expect(saved.stage("names").lastResult?.nodes == ["a: succeeded, 1 written, 1 actions", "b: succeeded, 1 written, 1 actions", "c: succeeded, 1 written, 1 actions"])
    }

    @Test func aDownNodeFailsItsPartTheOthersApplyAndTheNextRunConverges() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let cluster = try Self.threeNodes()
        defer { cluster.remove() }
        let down = await Reconciler(Self.configuration(fixture, cluster, node: "a", state: "a", downNodes: ["c"])).reconcile()
        #expect(down.outcome == .finished(.failed), "\(down.outcome)")
        let names = try #require(down.report?.stages.first { $0.stage == "names" })
        #expect(names.result == .failed && names.failureKind == .transient)
        #expect(down.exitCode == ExitStatus.temporary, "only a node was down: try again later")
        #expect(names.nodes?.map(\.result) == [.succeeded, .succeeded, .failed])
        #expect(names.nodes?.last?.error?.contains("node c") == true, "\(names.nodes ?? [])")
        #expect(Self.names(cluster, "a") != nil && Self.names(cluster, "b") != nil && Self.names(cluster, "c") == nil)
        // Stages that do not need node c applied.
        #expect(down.report?.stages.first { $0.stage == "vms" }?.result == .succeeded)
        #expect(try fixture.state("a")?.stage("names").needsRetry == true)

        // c is back; once the retry is due the stage converges, a and b without a write.
        fixture.clock.advance(seconds: 3600)
        let back = await Reconciler(Self.configuration(fixture, cluster, node: "a", state: "a")).reconcile()
        #expect(back.outcome == .finished(.succeeded), "\(back.outcome)")
        #expect(Self.names(cluster, "c") == "101 gw\n")
        let again = try #require(back.report?.stages.first { $0.stage == "names" })
        #expect(again.nodes?.map(\.written) == [[], [], ["host:/etc/phoenix-test/names.conf"]])
    }

    @Test func twoWatchersOnTwoNodesApplyEachCommitOnceWithALinearLedger() async throws {
        let fixture = try EngineFixture()
        let first = try fixture.pushBaseConfig()
        let cluster = try Self.threeNodes()
        defer { cluster.remove() }
        let gate = Gate()
        let onA = Reconciler(
            Self.configuration(fixture, cluster, node: "a", state: "a", catalogue: TestCatalogue.make(faults: fixture.faults, gate: gate)))
        let onB = Reconciler(Self.configuration(fixture, cluster, node: "b", state: "b"))

        // Both see the first commit; a takes the lease first, b waits for it, then finds it applied.
        let running = Task { await onA.reconcile() }
        await gate.reached()
        // b polls while a applies: refused (lease busy) until a is done, as a watcher's next polls are.
        let waiting = Task { () -> RunResult in
            var result = await onB.reconcile(options: RunOptions(lockTimeout: .seconds(10)))
            for _ in 0..<30 {
                guard case .lockBusy = result.outcome else { break }
                result = await onB.reconcile(options: RunOptions(lockTimeout: .seconds(10)))
            }
            return result
        }
        await gate.open()
        #expect(await running.value.outcome == .finished(.succeeded))
        let second = await waiting.value
        guard case .idle(let tip) = second.outcome else {
            Issue.record("the second watcher applied a commit the first had applied: \(second.outcome)")
            return
        }
        #expect(tip?.hex == first)

        // The next commit reaches b first: b applies it, a then has nothing to do.
        let next = try fixture.push(
            ["config/phoenix_lxc_configs.json": TestConfig.lxcs(names: [(101, "gw", "10.0.0.5/24"), (102, "web", "10.0.0.7/24")])],
            message: "add web")
        #expect(await onB.reconcile().outcome == .finished(.succeeded))
        guard case .idle(let tipA) = await onA.reconcile().outcome else {
            Issue.record("a re-applied what b applied")
            return
        }
        #expect(tipA?.hex == next)
        #expect(Self.names(cluster, "c") == "101 gw\n102 web\n")

        // One run per commit, each recorded once, by the one cluster watcher, on a linear branch.
        let runs = try Self.recordedRuns(fixture)
        #expect(runs.count == 2 && Set(runs.compactMap { $0.source.commit?.hex }) == [first, next])
        #expect(runs.map(\.watcher.host).count == 2 && Set(runs.map(\.watcher.id)).count == 1)
        #expect(try fixture.remoteGit.run("rev-list", "--merges", "phoenix-status").isEmpty)
    }

    @Test func theRunReportNamesTheNodeOfEveryGuestItTouched() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let cluster = try Self.threeNodes()
        defer { cluster.remove() }
        try cluster.place(.lxc(102), on: "b")
        let catalogue = StageCatalogue(TestCatalogue.make(faults: fixture.faults).stages + [GuestFileTestStage(guest: .lxc(102))])
        let result = await Reconciler(Self.configuration(fixture, cluster, node: "a", state: "a", catalogue: catalogue)).reconcile()
        #expect(result.outcome == .finished(.succeeded), "\(result.outcome)")
        #expect(cluster.node("b").host.file("/etc/phoenix-test/guest.conf", at: .lxc(102)) == Data("gw\n".utf8))
        #expect(result.report?.guestNodes == ["lxc 102": "b"])
        // The ledger carries it too.
        let recorded = try Self.recordedRuns(fixture)
        #expect(recorded.first?.guestNodes == ["lxc 102": "b"])
    }

    @Test func driftIsFoundOnTheNodeWhereAHostFileChangedAndHealedThere() async throws {
        let fixture = try EngineFixture()
        try fixture.pushBaseConfig()
        let cluster = try Self.threeNodes()
        defer { cluster.remove() }
        let watcher = Reconciler(Self.configuration(fixture, cluster, node: "a", state: "a"))
        #expect(await watcher.reconcile().outcome == .finished(.succeeded))
        let clean = try #require(await watcher.checkDrift().report)
        #expect(clean.stage("names")?.status == .inSync)
        #expect(clean.stage("names")?.filesChecked == 3, "names.conf read on a, b and c")

        // Someone edits names.conf on node c only.
        let edited = cluster.node("c").host.hostRoot + "/etc/phoenix-test/names.conf"
        try Data("101 gw\nserver=8.8.8.8\n".utf8).write(to: URL(fileURLWithPath: edited))
        let found = await watcher.checkDrift(options: DriftOptions(heal: true))
        let names = try #require(found.report?.stage("names"))
        #expect(names.status == .drifted)
        #expect(names.items.map(\.object) == ["/etc/phoenix-test/names.conf (node c)"])
        #expect(Self.names(cluster, "c") == "101 gw\n", "self-heal re-applied it on c")
        #expect(try await watcher.checkDrift().report?.stage("names")?.status == .inSync)
    }

    static func recordedRuns(_ fixture: EngineFixture) throws -> [RunReport] {
        let names = try fixture.remoteGit.run("ls-tree", "--name-only", "phoenix-status:runs/").split(separator: "\n").sorted()
        return try names.map { name in
            try EngineJSON.decode(RunReport.self, from: fixture.remoteGit.runData(["show", "phoenix-status:runs/\(name)"]).stdoutData)
        }
    }
}
