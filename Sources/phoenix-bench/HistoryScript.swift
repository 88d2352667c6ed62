import Foundation

/// A seeded, scripted history of everyday commits on the example configuration (benchmark 4): moved
/// addresses, firewall rules, image tags, compose and env-file edits, node labels, certificates, new
/// and removed guests, plus commits that should run nothing (create-time keys, reformatting, docs).
struct HistoryScript {
    /// One commit: its kind, message and the files it writes.
    struct Step {
        var kind: Kind
        var message: String
        var files: [String: Data]
    }

    /// What a commit does, with how often it occurs (weights out of their sum).
    enum Kind: String, CaseIterable {
        case moveAddress, traefikPort, guestFirewallRule, globalFirewallRule, stackVariable, composeEdit, envFileEdit
        case nodeLabel, createTimeKey, reformat, docsOnly, upstreamDNS, certificate, agentImage, addLXC, removeLXC
        case manifestLabel

        var weight: Int {
            switch self {
            case .guestFirewallRule, .stackVariable, .composeEdit: 10
            case .createTimeKey, .docsOnly: 8
            case .moveAddress, .traefikPort, .envFileEdit: 6
            case .nodeLabel, .reformat, .addLXC: 5
            case .globalFirewallRule, .certificate, .manifestLabel: 4
            case .upstreamDNS, .agentImage, .removeLXC: 3
            }
        }
    }

    /// Builds `commits` steps on top of `files` (the example), the same for the same seed.
    static func make(commits: Int, seed: UInt64, files: [String: Data]) throws -> [Step] {
        var script = HistoryScript(state: try HistoryState(files: files), random: SeededGenerator(seed: seed))
        var steps: [Step] = []
        for number in 1...max(1, commits) {
            let kind = script.pickKind()
            script.state.begin()
            let message = try script.apply(kind, number: number)
            steps.append(Step(kind: kind, message: message, files: try script.state.touchedFiles()))
        }
        return steps
    }

    private var state: HistoryState
    private var random: SeededGenerator
    /// LXCs this script added (removable again), and the next free id and address.
    private var added: [String] = []
    private var nextID = 250
    private var nextHost = 100

    private mutating func pickKind() -> Kind {
        let total = Kind.allCases.reduce(0) { $0 + $1.weight }
        var roll = Int.random(in: 0..<total, using: &random)
        for kind in Kind.allCases {
            if roll < kind.weight { return kind == .removeLXC && added.isEmpty ? .addLXC : kind }
            roll -= kind.weight
        }
        return .docsOnly
    }

    private mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }

    private mutating func freeAddress() -> String {
        defer { nextHost += 1 }
        return "10.20.0.\(nextHost)"
    }

    private mutating func apply(_ kind: Kind, number: Int) throws -> String {
        switch kind {
        case .moveAddress:
            let id = pick(["240", "241"] + added)
            let address = freeAddress()
            try state.editLXC(id) { guest in
                var network = guest["network_config"] as? [String: Any] ?? [:]
                network["ip"] = "\(address)/24"
                guest["network_config"] = network
            }
            return "LXC \(id) moves to \(address)"
        case .traefikPort:
            let id = pick(["240", "241"])
            let port = Int.random(in: 8000...8999, using: &random)
            try state.editLXC(id) { guest in
                var service = guest["traefik_service"] as? [String: Any] ?? [:]
                service["port"] = port
                guest["traefik_service"] = service
            }
            return "LXC \(id) serves on port \(port)"
        case .guestFirewallRule:
            let id = pick(["210", "220", "230", "240"])
            let port = Int.random(in: 1024...9999, using: &random)
            try state.editLXC(id) { guest in
                var firewall = guest["firewall"] as? [String: Any] ?? ["enabled": true]
                var rules = firewall["rules"] as? [[String: Any]] ?? []
                if rules.count > 6 && rules.last?["comment"] as? String == "scripted" {
                    rules.removeLast()
                } else {
                    rules.append(["type": "in", "action": "ACCEPT", "proto": "tcp", "source": "10.20.0.0/24", "port": "\(port)", "comment": "scripted"])
                }
                firewall["rules"] = rules
                guest["firewall"] = firewall
            }
            return "firewall rule on LXC \(id)"
        case .globalFirewallRule:
            let port = Int.random(in: 1024...9999, using: &random)
            state.edit(HistoryState.hypervisor) { config in
                var firewall = config["firewall"] as? [String: Any] ?? [:]
                var rules = firewall["global_firewall_rules"] as? [[String: Any]] ?? []
                if rules.isEmpty { rules.append(["type": "in", "action": "ACCEPT", "proto": "tcp", "source": "10.20.0.0/24"]) }
                rules[0]["port"] = "22,\(port)"
                firewall["global_firewall_rules"] = rules
                config["firewall"] = firewall
            }
            return "global firewall opens \(port)"
        case .stackVariable:
            let stack = pick(["vector_db", "monitoring", "portainer_service"])
            let version = "v1.\(Int.random(in: 0...40, using: &random)).\(number)"
            try state.edit(HistoryState.stacks) { config in
                var stacks = config["docker_stacks"] as? [String: Any] ?? [:]
                guard var definition = stacks[stack] as? [String: Any], var environments = definition["environments"] as? [String: Any],
                    var production = environments["production"] as? [String: Any],
                    var variables = production["variables"] as? [[String: Any]], !variables.isEmpty
                else { throw BenchError("history: no variables for \(stack)") }
                variables[0]["value"] = stack == "portainer_service" ? "portainer/portainer-ce:2.21.\(number)" : version
                production["variables"] = variables
                environments["production"] = production
                definition["environments"] = environments
                stacks[stack] = definition
                config["docker_stacks"] = stacks
            }
            return "\(stack): new version"
        case .composeEdit:
            let stack = pick(["vector_db", "monitoring", "portainer_service"])
            let path = "stacks/\(stack)/docker-compose.yml"
            guard let text = state.texts[path] else { throw BenchError("history: no \(path)") }
            state.texts[path] = text + "# scripted edit \(number)\n"
            state.touch(path)
            return "\(stack): compose file edited"
        case .envFileEdit:
            let path = "stacks/monitoring/configs/grafana.env"
            state.texts[path, default: ""] += "GF_LOG_LEVEL=\(pick(["info", "warn", "debug"]))\n"
            state.touch(path)
            return "grafana settings"
        case .nodeLabel:
            let vmid = pick([320, 321])
            let zone = pick(["a", "b", "c", "d"])
            try state.editVM(vmid) { vm in
                var labels = (vm["node_labels"] as? [String] ?? []).filter { !$0.hasPrefix("zone=") }
                labels.insert("zone=\(zone)", at: 0)
                vm["node_labels"] = labels
            }
            return "VM \(vmid) in zone \(zone)"
        case .createTimeKey:
            let id = pick(state.lxcIDs)
            let memory = pick([512, 1024, 2048, 4096])
            try state.editLXC(id) { guest in guest["memory_mb"] = memory }
            return "LXC \(id) memory \(memory) MB (create-time key)"
        case .reformat:
            let path = pick([HistoryState.lxc, HistoryState.vm, HistoryState.hypervisor, HistoryState.stacks])
            state.reformat(path)
            return "reformat \(path)"
        case .docsOnly:
            let path = "docs/notes.md"
            state.texts[path, default: "# Operator notes\n"] += "- note \(number)\n"
            state.touch(path)
            return "operator notes"
        case .upstreamDNS:
            let server = pick(["1.1.1.1", "9.9.9.9", "8.8.8.8", "1.0.0.1"])
            state.edit(HistoryState.hypervisor) { config in
                var dns = config["dns_server"] as? [String: Any] ?? [:]
                dns["upstream_servers"] = [server, "9.9.9.9"]
                config["dns_server"] = dns
            }
            return "upstream DNS \(server)"
        case .certificate:
            var entries = state.arrays[HistoryState.certificates] ?? []
            guard !entries.isEmpty else { throw BenchError("history: no certificate entries") }
            let index = Int.random(in: 0..<entries.count, using: &random)
            if var entry = entries[index] as? [String: Any] {
                entry["permissions"] = (entry["permissions"] as? String) == "600" ? "640" : "600"
                entries[index] = entry
            }
            state.arrays[HistoryState.certificates] = entries
            state.touch(HistoryState.certificates)
            return "certificate entry \(index)"
        case .agentImage:
            state.edit(HistoryState.hypervisor) { config in
                var docker = config["docker"] as? [String: Any] ?? [:]
                docker["portainer_agent_image"] = "portainer/agent:2.21.\(number)"
                config["docker"] = docker
            }
            return "portainer agent 2.21.\(number)"
        case .addLXC:
            let id = String(nextID)
            nextID += 1
            let address = freeAddress()
            state.edit(HistoryState.lxc) { file in
                var configs = file["lxc_configs"] as? [String: Any] ?? [:]
                configs[id] = [
                    "name": "app-\(id)", "memory_mb": 1024, "cores": 1, "storage_pool": "quickOS-lxc-disks", "storage_size_gb": 8,
                    "template": "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "unprivileged": true,
                    "network_config": ["name": "eth0", "bridge": "vmbr0", "ip": "\(address)/24", "gw": "10.20.0.1", "nameservers": "10.20.0.2"],
                    "traefik_service": ["name": "app-\(id)", "port": 8080, "scheme": "http"],
                    "firewall": [
                        "enabled": true,
                        "rules": [["type": "in", "action": "ACCEPT", "proto": "tcp", "source": "10.20.0.20", "port": "8080", "comment": "from traefik"]],
                    ],
                ] as [String: Any]
                file["lxc_configs"] = configs
            }
            added.append(id)
            return "new LXC \(id) at \(address)"
        case .removeLXC:
            let id = added.removeLast()
            state.edit(HistoryState.lxc) { file in
                var configs = file["lxc_configs"] as? [String: Any] ?? [:]
                configs[id] = nil
                file["lxc_configs"] = configs
            }
            return "LXC \(id) removed"
        case .manifestLabel:
            let path = "stacks/vector_db/phoenix.json"
            guard let text = state.texts[path] else { throw BenchError("history: no \(path)") }
            let port = pick(["6333", "6334"])
            state.texts[path] = text.replacingOccurrences(
                of: #"loadbalancer.server.port=\d+"#, with: "loadbalancer.server.port=\(port)", options: .regularExpression)
            state.touch(path)
            return "vector_db routes to port \(port)"
        }
    }
}
