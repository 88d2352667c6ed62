import Foundation
import PhoenixCore
import PhoenixGit

/// A realistic history of commits on the example configuration, made with the real `git` CLI: the
/// kinds of edits operators make (rename a guest, move an IP, grow the swarm, labels, firewall rules,
/// compose files, reformatting, docs, reverts, ...). The recall guard runs over every consecutive pair.
struct ScriptedHistory {
    /// What a commit is expected to plan, beyond the recall guard.
    enum Expectation: Equatable {
        /// Anything (checked by the recall guard only).
        case any
        /// Nothing runs and nothing is even a candidate: formatting, docs, empty commits.
        case nothing
        /// Exactly the stages the named earlier commit ran.
        case revertOf(String)
    }

    /// One commit of the history.
    struct Entry {
        var name: String
        var commit: ObjectID
        var expectation: Expectation
    }

    /// The commits in order; the first is the initial configuration.
    var entries: [Entry]

    /// The entry called `name`.
    func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    static let lxc = "config/phoenix_lxc_configs.json"
    static let vm = "config/phoenix_vm_configs.json"
    static let hypervisor = "config/phoenix_hypervisor_config.json"
    static let certificates = "config/certificate-manifest.json"
    static let stacksConfig = "config/phoenix_stacks_config.json"

    /// Builds the history in `repo` (45 commits after the initial one).
    static func build(in repo: ExampleRepository) throws -> ScriptedHistory {
        var entries = [Entry(name: "initial", commit: try repo.sha(), expectation: .any)]
        func step(_ name: String, _ expectation: Expectation = .any, _ edit: () throws -> Void) throws {
            try edit()
            entries.append(Entry(name: name, commit: try repo.commit(name), expectation: expectation))
        }
        func revert(_ name: String, of original: String) throws {
            guard let target = entries.first(where: { $0.name == original }) else { throw FixtureError("no \(original)") }
            entries.append(Entry(name: name, commit: try repo.revert(target.commit), expectation: .revertOf(original)))
        }
        func lxcEdit(_ id: String, _ path: [String], _ value: JSONValue?) throws {
            try repo.editJSON(lxc) { $0.setting(["lxc_configs", id] + path, to: value) }
        }
        func vmEdit(_ vmid: Int, _ path: [String], _ value: JSONValue?) throws {
            try repo.editJSON(vm) { root in
                guard let index = root["vms"]?.arrayValue?.firstIndex(where: { $0["vmid"]?.intValue == vmid }) else {
                    throw FixtureError("no VM \(vmid)")
                }
                return root.setting(["vms", String(index)] + path, to: value)
            }
        }
        func vmAppend(_ vmid: Int, _ path: [String], _ value: JSONValue) throws {
            try repo.editJSON(vm) { root in
                guard let index = root["vms"]?.arrayValue?.firstIndex(where: { $0["vmid"]?.intValue == vmid }) else {
                    throw FixtureError("no VM \(vmid)")
                }
                return root.appending(value, at: ["vms", String(index)] + path)
            }
        }
        func hypervisorEdit(_ path: [String], _ value: JSONValue?) throws {
            try repo.editJSON(hypervisor) { $0.setting(path, to: value) }
        }

        try step("docs: describe the rollback procedure", .nothing) {
            try repo.write("docs/operations.md", "# Operations\n\n- rollback: git revert, then push\n- plan: phoenix-gitops plan\n")
        }
        try step("rename guest 240 notes-app to notes") { try lxcEdit("240", ["name"], "notes") }
        try step("move embed-api to 10.20.0.42") { try lxcEdit("241", ["network_config", "ip"], "10.20.0.42/24") }
        try step("add swarm-worker-3 (VM 322) to the swarm") {
            try repo.editJSON(vm) { root in
                guard var worker = root["vms"]?.arrayValue?.first(where: { $0["vmid"]?.intValue == 321 }) else {
                    throw FixtureError("no VM 321")
                }
                worker = worker.setting(["vmid"], to: 322).setting(["name"], to: "swarm-worker-3")
                    .setting(["boot_order"], to: 7).setting(["node_labels"], to: ["zone=c"])
                    .setting(["traefik_service"], to: nil).setting(["docker_stacks"], to: [])
                    .setting(["network_config", "ip"], to: "10.20.0.53/24")
                    .setting(["volumes", "0", "path"], to: "/quickOS/vm-persistent-data/322")
                return root.appending(worker, at: ["vms"])
            }
        }
        try step("label swarm-worker-1 gpu=true") { try vmAppend(320, ["node_labels"], "gpu=true") }
        try step("open the Proxmox UI on 8007 instead of 8006") {
            try hypervisorEdit(["firewall", "global_firewall_rules", "1", "port"], "8007")
        }
        try step("reformat the VM file with two-space indentation", .nothing) {
            let value = try JSONValue.parse(try repo.read(vm))
            try repo.write(vm, PrettyJSON.text(value, indent: 2))
        }
        try step("edit the vector_db compose file: 3G memory limit") {
            try repo.replace("stacks/vector_db/docker-compose.yml", "memory: 2G", with: "memory: 3G")
        }
        try step("docs only: README", .nothing) {
            try repo.write("README.md", "# Lab configuration\n\nPush to main to deploy; see docs/operations.md.\n")
        }
        try step("give lab-ca 4 cores") { try lxcEdit("230", ["cores"], 4) }
        try revert("revert: move embed-api", of: "move embed-api to 10.20.0.42")
        try step("allow metrics from the manager to traefik-mesh") {
            try repo.editJSON(lxc) { root in
                root.appending(
                    try JSONValue.parse(
                        #"{"type": "in", "action": "ACCEPT", "proto": "tcp", "source": "10.20.0.50", "port": "8080", "comment": "metrics"}"#),
                    at: ["lxc_configs", "220", "firewall", "rules"])
            }
        }
        try step("sort the keys of the LXC file", .nothing) {
            let value = try JSONValue.parse(try repo.read(lxc))
            try repo.write(lxc, PrettyJSON.text(value.sortedKeys()))
        }
        try step("switch on the firewall of embed-api") { try lxcEdit("241", ["firewall", "enabled"], true) }
        try step("add a Host() label to the monitoring stack manifest") {
            try repo.editJSON("stacks/monitoring/phoenix.json") { root in
                root.appending(
                    "traefik.http.routers.prometheus.rule=Host(`prometheus.lab.phoenix.test`)",
                    at: ["environments", "production", "services", "grafana", "traefik_labels"])
            }
        }
        try step("add a Prometheus config file to the monitoring stack") {
            try repo.write("stacks/monitoring/configs/prometheus.yml", "global:\n  scrape_interval: 30s\n")
        }
        try step("raise the Prometheus scrape interval") {
            try repo.replace("stacks/monitoring/configs/prometheus.yml", "30s", with: "60s")
        }
        try step("remove the Prometheus config file") { try repo.remove("stacks/monitoring/configs/prometheus.yml") }
        try step("give swarm-worker-2 8 GiB") { try vmEdit(321, ["memory_mb"], 8192) }
        try step("change the domain to lab2.phoenix.test") { try hypervisorEdit(["domain_name"], "lab2.phoenix.test") }
        try revert("revert: domain change", of: "change the domain to lab2.phoenix.test")
        try step("use quad9 only upstream") { try hypervisorEdit(["dns_server", "upstream_servers"], ["9.9.9.9", "149.112.112.112"]) }
        try step("update the portainer agent image") { try hypervisorEdit(["docker", "portainer_agent_image"], "portainer/agent:2.21.5") }
        try step("add a SAN to the edge gateway certificate") {
            try repo.editJSON(certificates) { $0.appending("gateway.lab.phoenix.test", at: ["0", "sans"]) }
        }
        try step("bump qdrant to v1.13.0") {
            try repo.editJSON(stacksConfig) { root in
                root.setting(["docker_stacks", "vector_db", "environments", "production", "variables", "0", "value"], to: "v1.13.0")
            }
        }
        try step("notes-app listens on 8081") { try lxcEdit("240", ["traefik_service", "port"], 8081) }
        try step("add LXC 250 docs-site behind traefik") {
            let guest = try JSONValue.parse(
                #"""
                {"name": "docs-site", "memory_mb": 512, "cores": 1, "storage_pool": "quickOS-lxc-disks", "storage_size_gb": 4,
                 "template": "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "unprivileged": true,
                 "network_config": {"name": "eth0", "bridge": "vmbr0", "ip": "10.20.0.60/24", "gw": "10.20.0.1", "nameservers": "10.20.0.2"},
                 "mac_address": "02:20:00:00:02:50", "traefik_service": {"name": "docs", "port": 8080, "scheme": "http"},
                 "firewall": {"enabled": true, "rules": [{"type": "in", "action": "ACCEPT", "proto": "tcp", "source": "10.20.0.20", "port": "8080", "comment": "from traefik"}]}}
                """#)
            try lxcEdit("250", [], guest)
        }
        try step("remove LXC 250 again") { try lxcEdit("250", [], nil) }
        try step("move the CA root on the host") {
            try hypervisorEdit(["step_ca", "root_ca_path"], "/mnt/pve/quickOS/lxc-persistent-data/230/ssl/root_ca.crt")
        }
        try step("rename the agent host of swarm-worker-1") { try vmEdit(320, ["portainer_agent_hostname"], "agent-w1.lab.phoenix.test") }
        try step("deploy vector_db on swarm-worker-2 too") { try vmAppend(321, ["docker_stacks"], "vector_db") }
        try step("set trigger_sync_on_completion on the gateway") { try lxcEdit("210", ["trigger_sync_on_completion"], true) }
        try step("raise the ZFS ARC limit") { try hypervisorEdit(["zfs", "arc_max_gb"], 12) }
        try step("move swarm-worker-2 to zone c") { try vmEdit(321, ["node_labels", "0"], "zone=c") }
        try step("move the hypervisor to 10.20.0.3") { try hypervisorEdit(["network", "interfaces", "address"], "10.20.0.3/24") }
        try step("nothing: an empty commit", .nothing) {}
        try step("comment in the monitoring compose file") {
            try repo.replace(
                "stacks/monitoring/docker-compose.yml", "services:\n", with: "services:\n  # Prometheus keeps 15 days by default.\n")
        }
        try step("rename notes back and give it 2 GiB") {
            try lxcEdit("240", ["name"], "notes-app")
            try lxcEdit("240", ["memory_mb"], 2048)
        }
        try step("change vm_defaults memory") { try repo.editJSON(vm) { $0.setting(["vm_defaults", "memory_mb"], to: 8192) } }
        try step("close the public interface of the gateway") { try lxcEdit("210", ["public_interface", "enabled"], false) }
        try revert("revert: public interface", of: "close the public interface of the gateway")
        try step("drop the registry certificate") {
            try repo.editJSON(certificates) { root in
                guard let index = root.arrayValue?.firstIndex(where: { $0["common_name"]?.stringValue?.hasPrefix("registry") == true })
                else { throw FixtureError("no registry certificate") }
                return root.setting([String(index)], to: nil)
            }
        }
        try step("route grafana through a second host name") {
            try repo.editJSON(stacksConfig) { root in
                guard root.value(at: JSONPointer(tokens: ["docker_stacks", "monitoring"])) != nil else { return root }
                return root.appending(
                    "traefik.http.routers.grafana2.rule=Host(`dash.lab.phoenix.test`)",
                    at: ["docker_stacks", "monitoring", "environments", "production", "services", "grafana", "traefik_labels"])
            }
        }
        try step("default input policy REJECT") { try hypervisorEdit(["firewall", "default_input_policy"], "REJECT") }
        try revert("revert: revert public interface", of: "revert: public interface")
        try step("rename the vector_db stack to vectors") {
            try FileManager.default.moveItem(
                at: repo.root.appendingPathComponent("stacks/vector_db"), to: repo.root.appendingPathComponent("stacks/vectors"))
            try repo.editJSON(stacksConfig) { root in
                guard let stack = root.value(at: JSONPointer(tokens: ["docker_stacks", "vector_db"])) else { return root }
                return root.setting(["docker_stacks", "vector_db"], to: nil).setting(["docker_stacks", "vectors"], to: stack)
            }
            for vmid in [320, 321] {
                try repo.editJSON(vm) { root in
                    guard let index = root["vms"]?.arrayValue?.firstIndex(where: { $0["vmid"]?.intValue == vmid }),
                        let stacks = root["vms"]?[index]?["docker_stacks"]?.arrayValue
                    else { return root }
                    let renamed = stacks.map { $0.stringValue == "vector_db" ? JSONValue("vectors") : $0 }
                    return root.setting(["vms", String(index), "docker_stacks"], to: JSONValue(.array(renamed)))
                }
            }
        }
        return ScriptedHistory(entries: entries)
    }
}
