import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// Host-level work on the nodes of a simulated three-node cluster (issue #13 items 2 and 3, ADR 0047):
/// a stage's host files and commands reach the nodes the settings name, `/etc/pve` is written once on
/// any reachable node, and off-host the apply lease is taken over SSH.
@Suite(.enabled(if: StandInCluster.isAvailable, "needs /usr/sbin/sshd"))
struct ClusterHostTests {
    @Test func allNodesGivesEveryNodeItsOwnHostFilesAndCommands() async throws {
        let cluster = try StandInCluster(nodeNames: ["a", "b", "c"])
        defer { cluster.remove() }
        let driver = cluster.driver(localNode: "a")
        let targets = try await driver.hostTargets(.allNodes)
        #expect(targets.map(\.node) == ["a", "b", "c"])
        for target in targets {
            let text = Data("node \(target.node!)\n".utf8)
            try await target.driver.writeFile("/etc/dnsmasq.d/00-phoenix.conf", contents: text, mode: 0o640, owner: nil, at: .host)
            #expect(try await target.driver.readFile("/etc/dnsmasq.d/00-phoenix.conf", at: .host) == text)
            try await target.driver.runChecked(["systemctl", "restart", "dnsmasq"], at: .host)
            #expect(try await target.driver.listFiles(in: "/etc/dnsmasq.d", at: .host) == ["00-phoenix.conf"])
        }
        for name in ["a", "b", "c"] {
            let host = cluster.node(name).host
            #expect(host.file("/etc/dnsmasq.d/00-phoenix.conf", at: .host) == Data("node \(name)\n".utf8))
            #expect(try host.argvs(of: "systemctl") == [["restart", "dnsmasq"]], "node \(name) restarted its own dnsmasq")
        }
        let mode = try FileManager.default.attributesOfItem(
            atPath: cluster.node("b").host.hostRoot + "/etc/dnsmasq.d/00-phoenix.conf")[.posixPermissions] as? Int
        #expect(mode == 0o640)
        try await targets[2].driver.removeFile("/etc/dnsmasq.d/00-phoenix.conf", at: .host)
        #expect(cluster.node("c").host.file("/etc/dnsmasq.d/00-phoenix.conf", at: .host) == nil)
        #expect(try await targets[2].driver.readFile("/etc/dnsmasq.d/00-phoenix.conf", at: .host) == nil)
    }

    @Test func namedNodesOnlyAndAnUnknownNodeIsRefused() async throws {
        let cluster = try StandInCluster(nodeNames: ["a", "b", "c"])
        defer { cluster.remove() }
        let driver = cluster.driver(localNode: "a")
        #expect(try await driver.hostTargets(.nodes(["c"])).map(\.node) == ["c"])
        #expect(try await driver.hostTargets(.watcher).map(\.node) == ["a"])
        await #expect(throws: DriverError.self) { _ = try await driver.hostTargets(.nodes(["z"])) }
    }

    @Test func hostilePathsAndContentsCrossSSHUnchanged() async throws {
        let cluster = try StandInCluster(nodeNames: ["a", "b"])
        defer { cluster.remove() }
        let remote = try await cluster.driver(localNode: "a").hostTargets(.nodes(["b"]))[0].driver
        let path = "/etc/phoenix/it's $(id) `id` a b.conf"
        let contents = Data("x'; touch /tmp/pwned #\n$(id)\n\u{0}\u{1}é".utf8)
        try await remote.writeFile(path, contents: contents, mode: 0o600, owner: nil, at: .host)
        #expect(cluster.node("b").host.file(path, at: .host) == contents)
        #expect(try await remote.readFile(path, at: .host) == contents)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
    }

    @Test func theClusterFileSystemIsWrittenOnceOnTheFirstNodeThatAnswers() async throws {
        let cluster = try StandInCluster(nodeNames: ["a", "b", "c"])
        defer { cluster.remove() }
        // With a local node: that node, no SSH.
        #expect(try await cluster.driver(localNode: "b").hostTargets(.clusterFileSystem).map(\.node) == ["b"])
        // Off-host: the first listed node that answers; a is down, so b.
        cluster.node("a").server.stop()
        let driver = cluster.driver(localNode: nil)
        let targets = try await driver.hostTargets(.clusterFileSystem)
        #expect(targets.map(\.node) == ["b"])
        try await targets[0].driver.writeFile("/etc/pve/firewall/cluster.fw", contents: Data("[OPTIONS]\n".utf8), at: .host)
        let shared = try Data(contentsOf: URL(fileURLWithPath: cluster.pveDirectory + "/firewall/cluster.fw"))
        #expect(shared == Data("[OPTIONS]\n".utf8))
        try await targets[0].driver.runChecked(["pve-firewall", "compile"], at: .host)
        #expect(try cluster.node("b").host.argvs(of: "pve-firewall") == [["compile"]])
        #expect(try cluster.node("c").host.argvs(of: "pve-firewall") == [])
    }

    @Test func offHostTheApplyLeaseIsTakenOverSSHAndExpiresWithItsHolder() async throws {
        let cluster = try StandInCluster(nodeNames: ["a", "b"])
        defer { cluster.remove() }
        // pmxcfs sees every utime as it happens; the stand-in polls the folder, so a contender's unlock
        // request written right after each refresh could hide the refreshes from it on a loaded machine.
        // The holder therefore holds alone for longer than the lifetime, then one unlock request comes.
        let pmxcfs = try StandInPmxcfs(hostRoot: cluster.nodes[0].host.hostRoot, lifetime: 6)
        defer { pmxcfs.stop() }
        let lockPath = cluster.pveDirectory + "/priv/lock/phoenix-gitops"
        var settings = cluster.settings(localNode: nil, reuseConnections: true)
        settings.leaseRefresh = .milliseconds(300)
        let runner = CommandRunner()
        let first = ProxmoxDriver(runner: runner, options: .init(hostRoot: cluster.nodes[0].host.hostRoot, cluster: settings))
        let second = ProxmoxDriver(runner: runner, options: .init(hostRoot: cluster.nodes[1].host.hostRoot, cluster: settings))

        let held = try #require(try await first.beginRun(timeout: .seconds(5)))
        #expect(FileManager.default.fileExists(atPath: lockPath))
        try await Task.sleep(for: .seconds(8))  // past the lifetime: only the refreshes over SSH keep it
        do {
            let stolen = try await second.beginRun(timeout: .milliseconds(100))  // one attempt, one unlock request
            stolen?.release()
            Issue.record("the lease was taken from a holder that refreshes it")
        } catch let error as DriverError {
            guard case .leaseBusy = error else { Issue.record("unexpected \(error)"); return }
        }
        try await Task.sleep(for: .seconds(1))  // the stand-in's poll has seen the unlock request by then
        #expect(pmxcfs.expired.isEmpty)
        held.release()
        #expect(!FileManager.default.fileExists(atPath: lockPath))

        // A holder that stops refreshing (a killed watcher) loses it once pmxcfs expires it.
        #expect(try Self.makeLockDirectory(lockPath))
        var takeover: (any RunLease)?
        for _ in 0..<3 where takeover == nil {  // each try is one poll of a watcher; a slow machine may need the next
            takeover = try? await second.beginRun(timeout: .seconds(10))
        }
        #expect(takeover != nil)
        #expect(pmxcfs.expired == ["phoenix-gitops"])
        takeover?.release()
    }

    /// A lock left by a dead holder: the directory, as its mkdir left it.
    static func makeLockDirectory(_ path: String) throws -> Bool {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return FileManager.default.fileExists(atPath: path)
    }
}
