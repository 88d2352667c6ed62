import Foundation
import PhoenixDrivers
import PhoenixTesting
import Testing

/// The figures of docs/benchmarks.md "Cluster": a first run's guest work on 1, 3 and 10 simulated nodes
/// (one container and one VM per node, a state check and one file written to each), off-host so every node
/// is remote, with and without connection reuse. Opt-in (`PHOENIX_CLUSTER_FIGURES=1`): it starts up to ten
/// sshd. It checks every file arrived; the times are printed, never asserted.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PHOENIX_CLUSTER_FIGURES"] == "1" && StandInCluster.isAvailable))
struct ClusterFiguresTests {
    @Test(arguments: [1, 3, 10])
    func firstRunAcrossNodes(_ count: Int) async throws {
        let cluster = try StandInCluster(nodeNames: (1...count).map { "n\($0)" })
        defer { cluster.remove() }
        for (index, node) in cluster.nodes.enumerated() {
            try cluster.place(.lxc(100 + index), on: node.name)
            try cluster.place(.vm(1000 + index), on: node.name)
        }
        for reuse in [false, true] {
            let driver = cluster.driver(localNode: nil, reuseConnections: reuse)
            await driver.beginRun()
            let clock = ContinuousClock()
            let started = clock.now
            for index in 0..<count {
                for location in [Location.lxc(100 + index), .vm(1000 + index)] {
                    #expect(try await driver.guestState(location) == .running)
                    try await driver.writeFile("/etc/run", contents: Data("\(reuse)".utf8), at: location)
                }
            }
            let elapsed = clock.now - started
            for (index, node) in cluster.nodes.enumerated() {
                #expect(node.host.file("/etc/run", at: .lxc(100 + index)) == Data("\(reuse)".utf8))
            }
            print("cluster figure: nodes=\(count) reuse=\(reuse) guests=\(2 * count) first-run guest work=\(elapsed)")
        }
    }

    /// A host-level stage set to `"all"` (ADR 0047): one file written and one restart on every node, from
    /// a watcher on the first node (the others over SSH), with and without connection reuse.
    @Test(arguments: [1, 3, 10])
    func hostStageOnEveryNode(_ count: Int) async throws {
        let cluster = try StandInCluster(nodeNames: (1...count).map { "n\($0)" })
        defer { cluster.remove() }
        for reuse in [false, true] {
            let targets = try await cluster.driver(localNode: "n1", reuseConnections: reuse).hostTargets(.allNodes)
            let clock = ContinuousClock()
            let started = clock.now
            for target in targets {
                try await target.driver.writeFile("/etc/dnsmasq.d/00-phoenix.conf", contents: Data("\(reuse)".utf8), at: .host)
                try await target.driver.runChecked(["systemctl", "restart", "dnsmasq"], at: .host)
            }
            let elapsed = clock.now - started
            for node in cluster.nodes {
                #expect(node.host.file("/etc/dnsmasq.d/00-phoenix.conf", at: .host) == Data("\(reuse)".utf8))
            }
            print("cluster figure: host stage on all nodes=\(count) reuse=\(reuse) apply=\(elapsed)")
        }
    }
}
