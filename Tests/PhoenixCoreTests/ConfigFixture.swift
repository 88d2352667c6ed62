import Foundation
import PhoenixTesting

@testable import PhoenixCore

/// A small, valid configuration written as text, so tests can break one thing and know where it is.
struct ConfigFixture {
    var hypervisor = """
        {
            "domain_name": "internal.example.test",
            "network": {
                "interfaces": {
                    "name": "vmbr0",
                    "address": "10.0.0.13/24",
                    "gateway": "10.0.0.1",
                    "dns_nameservers": ["10.0.0.1"]
                },
                "portainer_agent_port": 9001
            },
            "firewall": {
                "default_input_policy": "DROP",
                "default_output_policy": "ACCEPT",
                "global_firewall_rules": [
                    {"type": "in", "action": "ACCEPT", "proto": "tcp", "port": "443", "comment": "https"}
                ]
            },
            "dns_server": {"enabled": true, "upstream_servers": ["1.1.1.1"]},
            "roles": {"gateway": 101, "traefik": "102", "ca": 103}
        }
        """
    var lxc = """
        {
            "lxc_configs": {
                "101": {
                    "name": "gateway",
                    "network_config": {"name": "eth0", "bridge": "vmbr0", "ip": "10.0.0.153/24", "gw": "10.0.0.1"},
                    "firewall": {
                        "enabled": true,
                        "rules": [
                            {"type": "in", "action": "ACCEPT", "proto": "tcp", "port": "80,443", "source": "10.0.0.0/24"}
                        ]
                    },
                    "dependencies": ["103"]
                },
                "102": {
                    "name": "traefik",
                    "network_config": {"name": "eth0", "bridge": "vmbr0", "ip": "10.0.0.12/24", "gw": "10.0.0.1"},
                    "traefik_service": {"name": "traefik", "port": 8080}
                },
                "103": {
                    "name": "ca",
                    "network_config": {"name": "eth0", "bridge": "vmbr0", "ip": "10.0.0.10/24", "gw": "10.0.0.1"}
                }
            }
        }
        """
    var vm = """
        {
            "vm_defaults": {"network_bridge": "vmbr0"},
            "vms": [
                {
                    "vmid": 1001,
                    "name": "manager",
                    "swarm_role": "manager",
                    "network_config": {"ip": "10.0.0.111/24", "gw": "10.0.0.1"},
                    "docker_stacks": ["demo"]
                }
            ]
        }
        """
    var certificates = """
        [
            {"common_name": "gw.internal.example.test", "guest_id": 101, "guest_type": "lxc", "cert_path": "/c", "key_path": "/k"}
        ]
        """
    var compose = "services:\n  web:\n    image: nginx:1.27\n"

    static let hypervisorPath = "config/phoenix_hypervisor_config.json"
    static let lxcPath = "config/phoenix_lxc_configs.json"
    static let vmPath = "config/phoenix_vm_configs.json"
    static let certificatesPath = "config/certificate-manifest.json"
    static let composePath = "stacks/demo/docker-compose.yml"

    /// Writes every file into `scratch`.
    func write(to scratch: ScratchDirectory) throws {
        try scratch.write(Self.hypervisorPath, hypervisor)
        try scratch.write(Self.lxcPath, lxc)
        try scratch.write(Self.vmPath, vm)
        try scratch.write(Self.certificatesPath, certificates)
        try scratch.write(Self.composePath, compose)
    }

    /// Writes the fixture to a fresh scratch folder, validates it, and cleans up.
    func validate(extra: (ScratchDirectory) throws -> Void = { _ in }) throws -> ValidationReport {
        let scratch = try ScratchDirectory(prefix: "phoenix-core")
        defer { scratch.remove() }
        try write(to: scratch)
        try extra(scratch)
        return ConfigValidator.validate(source: FolderSource(root: scratch.url))
    }
}

/// Replaces the one occurrence of `old` in `text`; records a failure if it is not there exactly once,
/// so a fixture edit cannot silently do nothing.
struct FixtureEditError: Error, CustomStringConvertible {
    let description: String
}

func edit(_ text: inout String, _ old: String, _ new: String) throws {
    let parts = text.components(separatedBy: old)
    guard parts.count == 2 else { throw FixtureEditError(description: "expected one \"\(old)\", found \(parts.count - 1)") }
    text = parts.joined(separator: new)
}

/// The 1-based line and column (in characters) where the `occurrence`-th `needle` starts in `text`,
/// computed by plain string scanning (independently of the parser under test).
func position(of needle: String, in text: String, occurrence: Int = 1) -> (line: Int, column: Int)? {
    var searchStart = text.startIndex
    var found: Range<String.Index>?
    for _ in 0..<occurrence {
        guard let range = text.range(of: needle, range: searchStart..<text.endIndex) else { return nil }
        found = range
        searchStart = range.upperBound
    }
    guard let start = found?.lowerBound else { return nil }
    let before = text[..<start]
    let line = before.count { $0 == "\n" } + 1
    let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
    return (line, before[lineStart...].unicodeScalars.count + 1)
}
