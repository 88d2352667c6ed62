import Foundation
import PhoenixCore
import Testing

@testable import PhoenixStages

/// For edits of every kind of value these stages read, a stage whose output changed must have an
/// input rule matching one of the changed JSON pointers or stack paths (the planner's recall).
@Suite struct StagesBInputRecallTests {
    typealias Edit = (name: String, file: String, old: String, new: String)

    static let vmFile = "config/phoenix_vm_configs.json"
    static let edits: [Edit] = [
        ("node label", vmFile, "\"zone=a\"", "\"zone=c\""),
        ("vm name", vmFile, "\"name\": \"swarm-worker-2\"", "\"name\": \"swarm-worker-9\""),
        ("manager ip", vmFile, "\"ip\": \"10.20.0.50/24\"", "\"ip\": \"10.20.0.60/24\""),
        ("swarm role", vmFile, "\"swarm_role\": \"worker\",\n            \"node_labels\": [\n                \"zone=b\"",
         "\"swarm_role\": \"manager\",\n            \"node_labels\": [\n                \"zone=b\""),
        ("template", vmFile, "\"vmid\": 321,", "\"vmid\": 321,\n            \"is_template\": true,"),
        ("vmid", vmFile, "\"vmid\": 320,", "\"vmid\": 322,"),
        ("portainer role", vmFile, "\"portainer_role\": \"agent\",", ""),
        ("agent hostname", vmFile, "worker1-agent.lab.phoenix.test\",", "agent-1.lab.phoenix.test\","),
        ("docker stacks", vmFile, "\"vector_db\"", "\"monitoring\""),
        ("volume path", vmFile, "\"path\": \"/quickOS/vm-persistent-data/320\"", "\"path\": \"/quickOS/other/320\""),
        ("agent image", "config/phoenix_hypervisor_config.json", "portainer/agent:2.21.4", "portainer/agent:2.22.0"),
        ("agent port", "config/phoenix_hypervisor_config.json", "\"portainer_agent_port\": 9001", "\"portainer_agent_port\": 9002"),
        ("step ca url", "config/phoenix_hypervisor_config.json", "https://lab-ca.lab.phoenix.test:9000", "https://ca.lab.phoenix.test:9000"),
        ("step provisioner", "config/phoenix_hypervisor_config.json", "\"admin@lab.phoenix.test\"", "\"ops@lab.phoenix.test\""),
        ("step password file", "config/phoenix_hypervisor_config.json", "secrets/step_provisioner_password", "secrets/step_pass"),
        ("step root", "config/phoenix_hypervisor_config.json", "230/ssl/phoenix_root_ca.crt", "230/ssl/root.crt"),
        ("step validity", "config/phoenix_hypervisor_config.json", "\"certificate_validity\": \"24h\"", "\"certificate_validity\": \"48h\""),
        ("step renew before", "config/phoenix_hypervisor_config.json", "\"renew_before\": \"8h\"", "\"renew_before\": \"6h\""),
        ("admin password file", "config/phoenix_hypervisor_config.json", "secrets/portainer_admin_password\"", "secrets/other\""),
        ("cert sans", "config/certificate-manifest.json", "\"traefik.lab.phoenix.test\",", "\"proxy.lab.phoenix.test\","),
        ("cert mode", "config/certificate-manifest.json", "\"permissions\": \"640\",\n        \"include_ca\": true,\n        \"post_renewal_command\": \"pct exec 210 -- systemctl reload nginx\"\n    },\n    {\n        \"common_name\": \"edge-gateway-client",
         "\"permissions\": \"600\",\n        \"include_ca\": true,\n        \"post_renewal_command\": \"pct exec 210 -- systemctl reload nginx\"\n    },\n    {\n        \"common_name\": \"edge-gateway-client"),
        ("cert hook", "config/certificate-manifest.json", "docker restart registry", "docker restart registry-2"),
        ("cert guest", "config/certificate-manifest.json", "\"guest_id\": 321,", "\"guest_id\": 320,"),
        ("lxc mount", "config/phoenix_lxc_configs.json", "\"container_path\": \"/etc/nginx/ssl\"", "\"container_path\": \"/etc/ssl/nginx\""),
        ("stack variable", "config/phoenix_stacks_config.json", "\"v1.12.4\"", "\"v1.13.0\""),
        ("stack labels", "config/phoenix_stacks_config.json", "Host(`grafana.lab.phoenix.test`)", "Host(`graphs.lab.phoenix.test`)"),
        ("compose", "stacks/portainer_service/docker-compose.yml", "replicas: 1", "replicas: 2"),
        ("env file", "stacks/monitoring/configs/grafana.env", "GF_SERVER_DOMAIN=", "GF_LOG_LEVEL=debug\nGF_SERVER_DOMAIN="),
        ("manifest labels", "stacks/vector_db/phoenix.json", "\"traefik.enable=true\",", "\"traefik.enable=false\","),
    ]

    @Test(arguments: edits.map(\.name))
    func everyOutputChangeIsExplainedByAnInputRule(edit name: String) throws {
        let edit = try #require(Self.edits.first { $0.name == name })
        let outcome = try InputRecall.check(
            name, file: edit.file, old: edit.old, new: edit.new, stages: StagesBGoldenTests.stages)
        #expect(outcome.changedInputs, "the edit \(name) changed nothing")
        #expect(outcome.unexplained.isEmpty, "\(outcome.unexplained)")
        // The example's manifests repeat the stacks config's labels, which take precedence: editing only
        // the manifest changes no deployed output (the dns stage still reads it).
        let anyChanged = !outcome.changedStages.isEmpty
        #expect(anyChanged == (name != "manifest labels"), "the edit \(name) changed these stages' output: \(anyChanged)")
    }
}
