import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// Guest → node routing on a simulated three-node cluster: three real sshd on loopback, each node with
/// its own stand-in pct/qm/pvesh serving only its guests (docs/adr/0035-guest-routing-in-a-cluster.md).
@Suite(.enabled(if: StandInCluster.isAvailable, "needs /usr/sbin/sshd"))
struct ClusterRoutingTests {
    /// lxc 101 on a (the watcher's node), lxc 102 on b, vm 1001 on c.
    static func threeNodes() throws -> StandInCluster {
        let cluster = try StandInCluster(nodeNames: ["a", "b", "c"])
        try cluster.place(.lxc(101), on: "a")
        try cluster.place(.lxc(102), on: "b")
        try cluster.place(.vm(1001), on: "c")
        return cluster
    }

    @Test func firstRunReachesEveryGuestOnItsOwnNodeWithOnePveshCall() async throws {
        let cluster = try Self.threeNodes()
        defer { cluster.remove() }
        let driver = cluster.driver(localNode: "a")
        await driver.beginRun()
        for location in [Location.lxc(101), .lxc(102), .vm(1001)] {
            try await driver.writeFile("/etc/phoenix/id", contents: Data("\(location)\n".utf8), at: location)
            #expect(try await driver.readFile("/etc/phoenix/id", at: location) == Data("\(location)\n".utf8))
            #expect(try await driver.guestState(location) == .running)
        }
        #expect(cluster.node("a").host.file("/etc/phoenix/id", at: .lxc(101)) == Data("lxc 101\n".utf8))
        #expect(cluster.node("b").host.file("/etc/phoenix/id", at: .lxc(102)) == Data("lxc 102\n".utf8))
        #expect(cluster.node("c").host.file("/etc/phoenix/id", at: .vm(1001)) == Data("vm 1001\n".utf8))
        // Each node's tools saw only its own guests; the resource list was read once, on this node.
        let pct = try cluster.argvs(of: "pct")
        #expect(pct["a"]!.allSatisfy { $0[1] == "101" } && !pct["a"]!.isEmpty)
        #expect(pct["b"]!.allSatisfy { $0[1] == "102" } && !pct["b"]!.isEmpty)
        #expect(pct["c"]!.isEmpty)
        #expect(try cluster.argvs(of: "qm")["c"]!.allSatisfy { $0.contains("1001") })
        let pvesh = try cluster.argvs(of: "pvesh")
        #expect(pvesh["a"] == [["get", "/cluster/resources", "--type", "vm", "--output-format", "json"]])
        #expect(pvesh["b"] == [] && pvesh["c"] == [])
        // The run report's guest → node map (ADR 0047); a new run starts empty.
        #expect(await driver.guestNodes() == [.lxc(101): "a", .lxc(102): "b", .vm(1001): "c"])
        await driver.beginRun()
        #expect(await driver.guestNodes().isEmpty)
    }

    @Test func aGuestMigratedBetweenRunsIsFoundOnItsNewNode() async throws {
        let cluster = try Self.threeNodes()
        defer { cluster.remove() }
        let driver = cluster.driver(localNode: "a")
        await driver.beginRun()
        _ = try await driver.run(["true"], at: .lxc(102), stdin: nil)
        try cluster.place(.lxc(102), on: "c")  // migrated b → c between runs
        await driver.beginRun()
        _ = try await driver.run(["hostname"], at: .lxc(102), stdin: nil)
        #expect(try cluster.argvs(of: "pct")["c"] == [["exec", "102", "--", "hostname"]])
        #expect(try cluster.argvs(of: "pvesh")["a"]?.count == 2)  // one per run
    }

    @Test func aGuestMigratedDuringARunIsRefusedByItsOldNodeThenFoundOnTheNewOne() async throws {
        let cluster = try Self.threeNodes()
        defer { cluster.remove() }
        let driver = cluster.driver(localNode: "a")
        _ = try await driver.run(["true"], at: .lxc(102), stdin: nil)
        try cluster.place(.lxc(102), on: "c")  // no beginRun: the driver's list is stale
        _ = try await driver.run(["hostname"], at: .lxc(102), stdin: nil)
        // b refused it as the real pct does, the list was read again, c ran it.
        #expect(try cluster.argvs(of: "pct")["b"] == [["exec", "102", "--", "true"], ["exec", "102", "--", "hostname"]])
        #expect(try cluster.argvs(of: "pct")["c"] == [["exec", "102", "--", "hostname"]])
        #expect(try await driver.guestState(.lxc(999)) == .missing)
    }

    @Test func aDownNodeFailsOnlyItsGuestsAndTransiently() async throws {
        let cluster = try Self.threeNodes()
        defer { cluster.remove() }
        let driver = cluster.driver(localNode: "a")
        await driver.beginRun()
        _ = try await driver.run(["true"], at: .vm(1001), stdin: nil)
        cluster.node("c").server.stop()  // node c goes down mid-run
        do {
            _ = try await driver.run(["true"], at: .vm(1001), stdin: nil)
            Issue.record("expected nodeUnreachable")
        } catch let error as DriverError {
            guard case .nodeUnreachable(let node, let location, _) = error else {
                Issue.record("unexpected \(error)"); return
            }
            #expect(node == "c" && location == .vm(1001) && error.isTransient)
        }
        // The other guests proceed.
        try await driver.writeFile("/etc/x", contents: Data("b".utf8), at: .lxc(102))
        try await driver.writeFile("/etc/x", contents: Data("a".utf8), at: .lxc(101))
        // Next run: the cluster reports c offline (status "unknown"): transient without an SSH attempt.
        try cluster.setOffline("c", true)
        await driver.beginRun()
        await #expect(throws: DriverError.self) { _ = try await driver.guestState(.vm(1001)) }
        do { _ = try await driver.guestState(.vm(1001)) } catch let error as DriverError { #expect(error.isTransient) }
        // It converges once the guest is back (restarted by HA on b).
        try cluster.place(.vm(1001), on: "b")
        await driver.beginRun()
        try await driver.writeFile("/etc/x", contents: Data("vm".utf8), at: .vm(1001))
        #expect(cluster.node("b").host.file("/etc/x", at: .vm(1001)) == Data("vm".utf8))
    }

    @Test func hostileArgumentsCrossSSHUnchanged() async throws {
        let cluster = try Self.threeNodes()
        defer { cluster.remove() }
        let driver = cluster.driver(localNode: "a")
        let hostile = ["echo", "--label-add", "name=x'; touch /tmp/pwned #", "$(id)", "`id`",
                       "a b\nc", "\"q\"", "é —", "*", ""]
        _ = try await driver.run(hostile, at: .lxc(102), stdin: nil)
        _ = try await driver.run(hostile, at: .vm(1001), stdin: nil)
        #expect(try cluster.argvs(of: "pct")["b"]!.last == ["exec", "102", "--"] + hostile)
        #expect(Array(try cluster.argvs(of: "qm")["c"]!.last!.suffix(hostile.count + 1)) == ["--"] + hostile)
    }

    @Test func offHostModeReachesEveryNodeOverSSHWithConnectionReuse() async throws {
        let cluster = try Self.threeNodes()
        defer { cluster.remove() }
        let driver = cluster.driver(localNode: nil, reuseConnections: true)
        for location in [Location.lxc(101), .lxc(102), .vm(1001)] {
            try await driver.writeFile("/etc/off", contents: Data("1".utf8), at: location)
        }
        #expect(cluster.node("a").host.file("/etc/off", at: .lxc(101)) == Data("1".utf8))
        #expect(cluster.node("c").host.file("/etc/off", at: .vm(1001)) == Data("1".utf8))
        #expect(try cluster.argvs(of: "pvesh").values.map(\.count).reduce(0, +) == 1)
    }

    @Test func anUnpinnedHostKeyIsRefusedNotRetried() async throws {
        let cluster = try Self.threeNodes()
        defer { cluster.remove() }
        try Data().write(to: URL(fileURLWithPath: cluster.knownHostsFile))
        let driver = cluster.driver(localNode: "a")
        do {
            _ = try await driver.run(["true"], at: .lxc(102), stdin: nil)
            Issue.record("expected a refusal")
        } catch let error as DriverError {
            #expect(!error.isTransient)
            #expect(error.description.contains("known-hosts"))
        }
    }

    @Test func aSingleHostNeverCallsPvesh() async throws {
        let host = try StandInHost()
        defer { host.remove() }
        try host.setGuest(.lxc(101), .running)
        let driver = host.proxmoxDriver()
        await driver.beginRun()
        _ = try await driver.run(["true"], at: .lxc(101), stdin: nil)
        #expect(try await driver.guestState(.lxc(101)) == .running)
        #expect(try host.argvs(of: "pvesh") == [])
        #expect(try host.argvs(of: "pct") == [["exec", "101", "--", "true"], ["status", "101"]])
    }

    @Test func placementsParseAsPveshPrintsThem() throws {
        let json = #"[{"id":"lxc/101","node":"a","status":"running","type":"lxc","vmid":101},"#
            + #"{"id":"qemu/1001","node":"c","status":"unknown","type":"qemu","vmid":1001},"#
            + #"{"id":"storage/a/local","node":"a","type":"storage"}]"#
        let placements = try GuestPlacement.parse(Data(json.utf8))
        #expect(placements == [
            GuestPlacement(location: .lxc(101), node: "a", status: "running"),
            GuestPlacement(location: .vm(1001), node: "c", status: "unknown"),
        ])
    }
}
