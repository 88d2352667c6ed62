import Foundation
import PhoenixCore
import Testing

@testable import PhoenixStages

/// For edits of every kind of value the dns, firewall, traefik, nginx-gateway, trusted-ca and
/// stack-files stages read, a stage whose output changed must have an input rule matching one of
/// the changed JSON pointers or stack paths (the planner's recall must be 100%).
@Suite struct FileStagesInputRecallTests {
    typealias Edit = (name: String, file: String, old: String, new: String)

    static let stages: [any Stage] = [
        DNSStage(), FirewallStage(), TraefikStage(), NginxGatewayStage(), TrustedCAStage(), StackFilesStage(),
    ]

    static let hyp = "config/phoenix_hypervisor_config.json"
    static let lxc = "config/phoenix_lxc_configs.json"
    static let vm = "config/phoenix_vm_configs.json"
    static let certs = "config/certificate-manifest.json"

    static let edits: [Edit] = [
        ("domain", hyp, "\"domain_name\": \"lab.phoenix.test\"", "\"domain_name\": \"lab2.phoenix.test\""),
        ("host address", hyp, "\"address\": \"10.20.0.2/24\"", "\"address\": \"10.20.0.3/24\""),
        ("traefik role", hyp, "\"traefik\": 220,", "\"traefik\": 240,"),
        ("gateway role", hyp, "\"gateway\": 210,", "\"gateway\": 241,"),
        ("ca role", hyp, "\"ca\": 230", "\"ca\": 241"),
        ("upstream", hyp, "\"9.9.9.9\"", "\"8.8.4.4\""),
        ("dns switch", hyp, "\"enabled\": true,\n        \"upstream_servers\"", "\"enabled\": false,\n        \"upstream_servers\""),
        ("cluster switch", hyp, "\"enabled\": true,\n        \"default_input_policy\"", "\"enabled\": false,\n        \"default_input_policy\""),
        ("policy", hyp, "\"default_input_policy\": \"DROP\"", "\"default_input_policy\": \"REJECT\""),
        ("global rule", hyp, "\"port\": \"8006\"", "\"port\": \"8007\""),
        ("agent port", hyp, "\"portainer_agent_port\": 9001", "\"portainer_agent_port\": 9002"),
        ("ca root path", hyp, "230/ssl/phoenix_root_ca.crt", "230/ssl/root.crt"),
        ("lxc name", lxc, "\"name\": \"notes-app\"", "\"name\": \"memo-app\""),
        ("role guest name", lxc, "\"name\": \"traefik-mesh\"", "\"name\": \"proxy-mesh\""),
        ("lxc ip", lxc, "\"ip\": \"10.20.0.40/24\"", "\"ip\": \"10.20.0.42/24\""),
        ("traefik ip", lxc, "\"ip\": \"10.20.0.20/24\"", "\"ip\": \"10.20.0.21/24\""),
        ("lxc dhcp", lxc, "\"ip\": \"10.20.0.41/24\"", "\"ip\": \"dhcp\""),
        ("service name", lxc, "\"name\": \"notes\",", "\"name\": \"memo\","),
        ("service port", lxc, "\"port\": 8080,\n                \"scheme\"", "\"port\": 8081,\n                \"scheme\""),
        ("service scheme", lxc, "\"scheme\": \"http\"\n", "\"scheme\": \"https\"\n"),
        ("lxc rule", lxc, "Traefik routes notes.lab.phoenix.test here", "Traefik routes memo here"),
        ("lxc firewall switch", lxc, "\"enabled\": false,", "\"enabled\": true,"),
        ("public interface", lxc, "\"public_interface\": {\n                \"enabled\": true", "\"public_interface\": {\n                \"enabled\": false"),
        ("lxc mount", lxc, "\"container_path\": \"/etc/nginx/ssl\"", "\"container_path\": \"/etc/ssl/nginx\""),
        ("remove lxc", lxc, "\"241\": {", "\"242\": {"),
        ("vm name", vm, "\"name\": \"swarm-worker-2\"", "\"name\": \"swarm-worker-9\""),
        ("vm ip", vm, "\"ip\": \"10.20.0.52/24\"", "\"ip\": \"10.20.0.53/24\""),
        ("vmid", vm, "\"vmid\": 320,", "\"vmid\": 322,"),
        ("vm service", vm, "\"name\": \"registry\",", "\"name\": \"images\","),
        ("agent hostname", vm, "worker1-agent.lab.phoenix.test\",", "agent-1.lab.phoenix.test\","),
        ("environment name", vm, "\"portainer_environment_name\": \"worker1\"", "\"portainer_environment_name\": \"w1\""),
        ("cert path", certs, "210/ssl/edge-gateway.lab.phoenix.test.crt", "210/ssl/gateway.crt"),
        ("cert type", certs, "\"cert_type\": \"client\",", ""),
        ("traefik cert cn", certs, "\"common_name\": \"traefik-mesh.lab.phoenix.test\"", "\"common_name\": \"mesh.lab.phoenix.test\""),
        ("stack labels", "config/phoenix_stacks_config.json", "Host(`grafana.lab.phoenix.test`)", "Host(`graphs.lab.phoenix.test`)"),
        ("manifest host", "stacks/vector_db/phoenix.json", "vectors.lab.phoenix.test", "vectors2.lab.phoenix.test"),
        ("compose", "stacks/portainer_service/docker-compose.yml", "replicas: 1", "replicas: 2"),
        ("env file", "stacks/monitoring/configs/grafana.env", "GF_SERVER_DOMAIN=", "GF_LOG_LEVEL=debug\nGF_SERVER_DOMAIN="),
    ]

    @Test(arguments: edits.map(\.name))
    func everyOutputChangeIsExplainedByAnInputRule(edit name: String) throws {
        let edit = try #require(Self.edits.first { $0.name == name })
        let outcome = try InputRecall.check(name, file: edit.file, old: edit.old, new: edit.new, stages: Self.stages)
        #expect(outcome.unexplained.isEmpty, "\(outcome.unexplained)")
        #expect(!outcome.changedStages.isEmpty, "the edit \(name) changed no stage's output, so it tests nothing")
    }
}
