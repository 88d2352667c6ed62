import Foundation
import PhoenixDrivers
import PhoenixEngine
import PhoenixStages
import PhoenixTesting
import Testing

/// The `cluster` settings of ADR 0047: `stage_nodes` and `lease_refresh_seconds` are read, refused with
/// a message that names the key when wrong, and decide each stage's nodes and the watcher id.
@Suite struct ClusterSettingsTests {
    static let base = """
        "nodes": [{"name": "pve1", "address": "10.0.0.11"}, {"name": "pve2", "address": "10.0.0.12"}],
        "known_hosts_file": "/etc/phoenix-gitops/known_hosts", "identity_file": "/etc/phoenix-gitops/id"
        """

    private func load(_ cluster: String) throws -> WatcherSettings {
        let scratch = try ScratchDirectory()
        let file = scratch.url.appendingPathComponent("settings.json")
        try Data((#"{"driver": "proxmox", "cluster": {"local_node": "pve1", "# + Self.base + cluster + "}}").utf8).write(to: file)
        return try WatcherSettings.load(from: file.path)
    }

    private func failure(_ cluster: String) -> String {
        do {
            _ = try load(cluster)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func stageNodesChooseWhereEachStageRuns() throws {
        let settings = try load(#", "stage_nodes": {"dns": "all", "trusted-ca": ["pve2"]}, "lease_refresh_seconds": 20"#)
        let catalogue = StageCatalogue.standard
        #expect(settings.hostSelection(for: try #require(catalogue.stage("dns"))) == .allNodes)
        #expect(settings.hostSelection(for: try #require(catalogue.stage("trusted-ca"))) == .nodes(["pve2"]))
        #expect(settings.hostSelection(for: try #require(catalogue.stage("stack-files"))) == .watcher)
        #expect(settings.hostSelection(for: try #require(catalogue.stage("firewall"))) == .clusterFileSystem)
        let cluster = try #require(settings.cluster)
        #expect(cluster.placement(of: try #require(catalogue.stage("dns"))) == "every node (pve1, pve2)")
        #expect(cluster.placement(of: try #require(catalogue.stage("stack-files"))) == "node pve1")
        #expect(cluster.driverCluster(stateDirectory: URL(fileURLWithPath: "/tmp")).leaseRefresh == .seconds(20))
        // Every watcher of the cluster has the same id, whatever machine it runs on.
        let here = WatcherIdentity.derive(from: settings, host: "pve1.example")
        let there = WatcherIdentity.derive(from: settings, host: "pve2.example")
        #expect(here.id == there.id && here.id.hasPrefix("cluster-") && here.host != there.host)
    }

    @Test func mistakesNameTheKey() {
        #expect(failure(#", "stage_nodes": {"dnss": "all"}"#).contains("dnss is not a stage"))
        #expect(failure(#", "stage_nodes": {"dns": ["pve9"]}"#).contains("node \"pve9\" is not in nodes"))
        #expect(failure(#", "stage_nodes": {"dns": "every"}"#).contains("must be \"all\" or a list of node names"))
        #expect(failure(#", "stage_nodes": {"dns": []}"#).contains("must name at least one node"))
        #expect(failure(#", "lease_refresh_seconds": 90"#).contains("at most 60"))
        for message in [failure(#", "stage_nodes": {"dnss": "all"}"#), failure(#", "lease_refresh_seconds": 0"#)] {
            #expect(message.contains("cluster"), "\(message)")
        }
    }

    @Test func withoutAClusterEveryStageIsTheWatchersHost() throws {
        let settings = WatcherSettings()
        for stage in StageCatalogue.standard.stages where !stage.writesClusterFileSystem {
            #expect(settings.hostSelection(for: stage) == .watcher)
        }
    }
}
