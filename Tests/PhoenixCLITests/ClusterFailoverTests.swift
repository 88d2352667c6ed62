import Foundation
import PhoenixEngine
import PhoenixTesting
import Testing

/// Issue #13 item 5: the watcher holding the cluster's apply lease is killed (SIGKILL, a real process);
/// the watcher on another node takes the lease over once pmxcfs expires it, and runs. Two real
/// `phoenix-gitops apply` processes on two simulated nodes (real sshd, stand-in tools), one shared
/// `/etc/pve` whose lock expiry is the stand-in pmxcfs's (memdb.c's rule, with a short lifetime).
@Suite(.enabled(if: StandInCluster.isAvailable, "needs /usr/sbin/sshd"))
struct ClusterFailoverTests {
    /// A settings file for the watcher on `node`: the proxmox driver with the node's stand-in host as "/".
    static func settings(
        _ fixture: CLIFixture, _ cluster: StandInCluster, node: String, stageNodes: [String: Any] = [:]
    ) throws -> URL {
        let object: [String: Any] = [
            "retry_base_seconds": 3600, "retry_max_seconds": 3600,
            "driver": "proxmox", "target_root": cluster.node(node).host.hostRoot,
            "cluster": [
                "local_node": node,
                "nodes": cluster.nodes.map { ["name": $0.name, "address": "127.0.0.1", "port": Int($0.server.port), "user": $0.server.user] },
                "known_hosts_file": cluster.knownHostsFile, "identity_file": cluster.identityFile,
                "lease_refresh_seconds": 0.5, "stage_nodes": stageNodes,
            ] as [String: Any],
        ]
        let file = fixture.scratch.path("settings-\(node).json")
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        return file
    }

    static func arguments(_ fixture: CLIFixture, _ settings: URL, state: String) -> [String] {
        ["apply", "--repo", fixture.remote.path, "--state-dir", fixture.stateDirectory(state).path, "--settings", settings.path]
    }

    @Test func aKilledLeaseHolderIsTakenOverByTheWatcherOnAnotherNode() throws {
        let fixture = try CLIFixture()
        let cluster = try StandInCluster(nodeNames: ["a", "b"])
        defer { cluster.remove() }
        let pmxcfs = try StandInPmxcfs(hostRoot: cluster.nodes[0].host.hostRoot, lifetime: 3)
        defer { pmxcfs.stop() }
        let lock = cluster.pveDirectory + "/priv/lock/phoenix-gitops"

        // The watcher on a takes the lease, fetches, and is killed before it applies anything.
        let onA = try Binary.run(
            Self.arguments(fixture, try Self.settings(fixture, cluster, node: "a"), state: "a"), in: fixture.scratch.url,
            environment: ["PHOENIX_CRASH_AT": "after-fetch", "PATH": cluster.node("a").host.searchPath])
        #expect(onA.terminatedBySignal && onA.status == SIGKILL, "\(onA.stderr)")
        #expect(FileManager.default.fileExists(atPath: lock), "the killed holder's lock is left behind")

        // The watcher on b: refused while the lock lives, then it takes over and runs.
        let settingsB = try Self.settings(fixture, cluster, node: "b")
        var onB = try Binary.run(
            Self.arguments(fixture, settingsB, state: "b"), in: fixture.scratch.url,
            environment: ["PATH": cluster.node("b").host.searchPath])
        for _ in 0..<3 where onB.status == 75 {  // a loaded machine: the next poll
            onB = try Binary.run(
                Self.arguments(fixture, settingsB, state: "b"), in: fixture.scratch.url,
                environment: ["PATH": cluster.node("b").host.searchPath])
        }
        #expect(!onB.terminatedBySignal && onB.status != 75, "\(onB.stderr)")
        #expect(pmxcfs.expired == ["phoenix-gitops"], "pmxcfs expired the dead holder's lock")
        #expect(!FileManager.default.fileExists(atPath: lock), "the new holder released it when its run ended")

        // b's run is the one run recorded, under the cluster's one watcher id, on b's host.
        let runs = try fixture.recordedRuns()
        #expect(runs.count == 1, "\(runs.map(\.id))")
        #expect(runs.first?.watcher.id.hasPrefix("cluster-") == true)
        #expect(try fixture.state("b")?.lastTarget != nil)
    }

    @Test func planSaysWhereEachStageRuns() throws {
        let fixture = try CLIFixture()
        let cluster = try StandInCluster(nodeNames: ["a", "b"])
        defer { cluster.remove() }
        let settings = try Self.settings(fixture, cluster, node: "a", stageNodes: ["dns": "all", "trusted-ca": ["b"]])
        let plan = try Binary.run(
            ["plan", "--repo", fixture.remote.path, "--state-dir", fixture.stateDirectory("p").path, "--settings", settings.path],
            in: fixture.scratch.url)
        #expect(plan.status == 2, "\(plan.stderr)")
        let lines = plan.stdout.split(separator: "\n").map(String.init)
        func placement(of stage: String) -> String? {
            guard let start = lines.firstIndex(where: { $0.hasPrefix("  \(stage) — ") }) else { return nil }
            return lines[(start + 1)...].prefix { $0.hasPrefix("      ") }.first { $0.hasPrefix("      on ") }
        }
        #expect(placement(of: "dns") == "      on every node (a, b)", "\(plan.stdout)")
        #expect(placement(of: "trusted-ca") == "      on node b")
        #expect(placement(of: "firewall") == "      on the cluster file system (/etc/pve), once")
        #expect(placement(of: "traefik") == "      on node a")
    }
}
