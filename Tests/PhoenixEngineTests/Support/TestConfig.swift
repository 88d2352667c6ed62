import Foundation

/// A small valid Phoenix configuration (no errors, no warnings) and edits of it, as repository files.
enum TestConfig {
    static func hypervisor(domain: String = "phoenix.test") -> String {
        """
        {"domain_name": "\(domain)", "roles": {"gateway": 101, "traefik": 101, "ca": 101}}

        """
    }

    static func lxcs(names: [(id: Int, name: String, ip: String)] = [(101, "gw", "10.0.0.5/24")]) -> String {
        let entries = names.map { "\"\($0.id)\": {\"name\": \"\($0.name)\", \"network_config\": {\"ip\": \"\($0.ip)\"}}" }
        return "{\"lxc_configs\": {" + entries.joined(separator: ", ") + "}}\n"
    }

    static func vms(ip: String = "10.0.0.6/24") -> String {
        "{\"vms\": [{\"vmid\": 1001, \"network_config\": {\"ip\": \"\(ip)\"}}]}\n"
    }

    /// The four files of a valid configuration under `config/`.
    static func files(domain: String = "phoenix.test", vmIP: String = "10.0.0.6/24") -> [String: String?] {
        [
            "config/phoenix_hypervisor_config.json": hypervisor(domain: domain),
            "config/phoenix_lxc_configs.json": lxcs(),
            "config/phoenix_vm_configs.json": vms(ip: vmIP),
            "config/certificate-manifest.json": "[]\n",
        ]
    }
}
