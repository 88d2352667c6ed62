import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages
import Testing

/// One row per kind of change on the example configuration → the stages that must run (and the
/// notices that must be reported), planned with the standard catalogue from the initial commit.
@Suite struct PlanTableTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var run: Set<StageID>
        var notices: [PlanNotice.Kind] = []
        var edit: @Sendable (ExampleRepository) throws -> Void
        var testDescription: String { name }
    }

    static let lxc = ScriptedHistory.lxc
    static let vm = ScriptedHistory.vm
    static let hypervisor = ScriptedHistory.hypervisor

    static let rows: [Row] = [
        Row(name: "rename an LXC", run: [.dns]) { try $0.editJSON(lxc) { $0.setting(["lxc_configs", "240", "name"], to: "notes") } },
        // A re-addressed NIC must be told to Proxmox too (issue #19): a needs-converge notice.
        Row(name: "move an LXC's IP", run: [.traefik], notices: [.needsConverge]) {
            try $0.editJSON(lxc) { $0.setting(["lxc_configs", "241", "network_config", "ip"], to: "10.20.0.42/24") }
        },
        Row(name: "add a swarm worker VM", run: [.dns, .firewall, .swarm], notices: [.guestAdded]) { repo in
            try repo.editJSON(vm) { root in
                let worker = try #require(root["vms"]?[2]).setting(["vmid"], to: 322).setting(["name"], to: "swarm-worker-3")
                    .setting(["network_config", "ip"], to: "10.20.0.53/24").setting(["traefik_service"], to: nil)
                    .setting(["docker_stacks"], to: []).setting(["node_labels"], to: ["zone=c"])
                return root.appending(worker, at: ["vms"])
            }
        },
        Row(name: "add a node label", run: [.swarm]) { try $0.editJSON(vm) { $0.appending("gpu=true", at: ["vms", "1", "node_labels"]) } },
        Row(name: "remove a node label", run: [.swarm]) { try $0.editJSON(vm) { $0.setting(["vms", "1", "node_labels", "1"], to: nil) } },
        Row(name: "change a global firewall rule", run: [.firewall]) {
            try $0.editJSON(hypervisor) { $0.setting(["firewall", "global_firewall_rules", "1", "port"], to: "8007") }
        },
        Row(name: "change a guest firewall rule", run: [.firewall]) {
            try $0.editJSON(lxc) { $0.setting(["lxc_configs", "210", "firewall", "rules", "0", "port"], to: "443") }
        },
        Row(name: "switch a guest firewall on", run: [.firewall]) {
            try $0.editJSON(lxc) { $0.setting(["lxc_configs", "241", "firewall", "enabled"], to: true) }
        },
        Row(name: "edit a compose file", run: [.stackFiles, .stackDeploy]) {
            try $0.replace("stacks/vector_db/docker-compose.yml", "memory: 2G", with: "memory: 3G")
        },
        Row(name: "edit a compose comment", run: [.stackFiles]) {
            try $0.replace("stacks/vector_db/docker-compose.yml", "services:\n", with: "services:\n  # the only service\n")
        },
        Row(name: "add a Host() label to a stack manifest", run: [.stackFiles, .dns]) { repo in
            try repo.editJSON("stacks/monitoring/phoenix.json") {
                $0.appending(
                    "traefik.http.routers.p.rule=Host(`prometheus.lab.phoenix.test`)",
                    at: ["environments", "production", "services", "grafana", "traefik_labels"])
            }
        },
        Row(name: "add a file to a stack folder", run: [.stackFiles]) {
            try $0.write("stacks/monitoring/configs/prometheus.yml", "global: {}\n")
        },
        Row(name: "change a stack variable", run: [.stackDeploy]) {
            try $0.editJSON(ScriptedHistory.stacksConfig) {
                $0.setting(["docker_stacks", "vector_db", "environments", "production", "variables", "0", "value"], to: "v1.13.0")
            }
        },
        Row(name: "change a traefik_service port", run: [.traefik]) {
            try $0.editJSON(lxc) { $0.setting(["lxc_configs", "240", "traefik_service", "port"], to: 8081) }
        },
        Row(name: "change the domain", run: [.dns, .traefik, .nginxGateway]) {
            try $0.editJSON(hypervisor) { $0.setting(["domain_name"], to: "lab2.phoenix.test") }
        },
        Row(name: "change the DNS upstreams", run: [.dns]) {
            try $0.editJSON(hypervisor) { $0.setting(["dns_server", "upstream_servers", "1"], to: "149.112.112.112") }
        },
        Row(name: "change the portainer agent image", run: [.portainer]) {
            try $0.editJSON(hypervisor) { $0.setting(["docker", "portainer_agent_image"], to: "portainer/agent:2.21.5") }
        },
        Row(name: "add a certificate SAN", run: [.certificates]) {
            try $0.editJSON(ScriptedHistory.certificates) { $0.appending("gw.lab.phoenix.test", at: ["0", "sans"]) }
        },
        Row(name: "move the CA root", run: [.trustedCA, .certificates, .nginxGateway]) {
            try $0.editJSON(hypervisor) { $0.setting(["step_ca", "root_ca_path"], to: "/srv/ca/root.crt") }
        },
        Row(name: "rename an agent host", run: [.dns, .traefik, .portainer]) {
            try $0.editJSON(vm) { $0.setting(["vms", "1", "portainer_agent_hostname"], to: "agent-w1.lab.phoenix.test") }
        },
        Row(name: "add an LXC behind traefik", run: [.dns, .firewall, .traefik], notices: [.guestAdded]) { repo in
            try repo.editJSON(lxc) { root in
                let guest = try #require(root["lxc_configs"]?["241"]).setting(["name"], to: "docs-site")
                    .setting(["network_config", "ip"], to: "10.20.0.60/24").setting(["traefik_service", "name"], to: "docs")
                return root.setting(["lxc_configs", "250"], to: guest)
            }
        },
        Row(name: "remove an LXC", run: [.dns, .firewall, .traefik], notices: [.guestRemoved]) {
            try $0.editJSON(lxc) { $0.setting(["lxc_configs", "241"], to: nil) }
        },
        Row(name: "create-time key of an LXC", run: [], notices: [.needsConverge]) {
            try $0.editJSON(lxc) { $0.setting(["lxc_configs", "230", "cores"], to: 4) }
        },
        Row(name: "create-time key of a VM", run: [], notices: [.needsConverge]) {
            try $0.editJSON(vm) { $0.setting(["vms", "2", "memory_mb"], to: 8192) }
        },
        Row(name: "a key phoenix-gitops ignores", run: [], notices: [.ignoredKey]) {
            try $0.editJSON(lxc) { $0.setting(["lxc_configs", "210", "trigger_sync_on_completion"], to: true) }
        },
        Row(name: "a host setup key", run: [], notices: [.hostSetup]) {
            try $0.editJSON(hypervisor) { $0.setting(["zfs", "arc_max_gb"], to: 12) }
        },
        Row(name: "vm_defaults", run: [], notices: [.needsConverge]) {
            try $0.editJSON(vm) { $0.setting(["vm_defaults", "cores"], to: 4) }
        },
        Row(name: "an unread file in the config folder", run: [], notices: [.notRead]) {
            try $0.write("config/NOTES.md", "why the lab is laid out like this\n")
        },
        Row(name: "reformat with sorted keys", run: []) { repo in
            try repo.write(lxc, PrettyJSON.text(try JSONValue.parse(try repo.read(lxc)).sortedKeys(), indent: 2))
        },
        Row(name: "docs only", run: []) { try $0.write("docs/operations.md", "# Operations\n\nnothing to see\n") },
        Row(name: "empty commit", run: []) { _ in },
    ]

    @Test(arguments: rows)
    func row(_ row: Row) throws {
        let repo = try ExampleRepository()
        let initial = try repo.sha()
        try row.edit(repo)
        let target = try repo.commit(row.name)
        let planner = Planner(catalogue: .standard, settings: StageSettings())
        let plan = try planner.plan(repository: try repo.open(), target: target, bases: PlanBases(fallback: initial))
        #expect(Set(plan.stagesToRun.map(\.id)) == row.run, "\(row.name): \(PlanText().render(plan))")
        #expect(plan.notices.map(\.kind) == row.notices, "\(row.name): \(plan.notices.map(\.message))")
        for stage in plan.stagesToRun {
            #expect(!stage.reasons.isEmpty && !stage.artifacts.isEmpty, "\(stage.id) runs without a reason or a change")
        }
        if row.run.isEmpty && row.notices.isEmpty {
            #expect(plan.stages.allSatisfy { $0.decision == .skipUnaffected }, "\(row.name) selects nothing")
        }
    }
}
