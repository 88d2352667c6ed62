import Foundation
import PhoenixExample

/// A large, valid Phoenix configuration: the example configuration plus synthetic LXCs, swarm-worker
/// VMs and stacks up to the requested totals, and a second version with one key changed (an LXC's IP).
struct SyntheticConfig {
    var lxcs: Int
    var vms: Int
    var stacks: Int

    /// The synthetic LXC whose IP the second commit moves.
    var changedLXC: Int { 10_000 + min(100, max(0, lxcs - 6)) }

    /// Repository files of the first commit (path → bytes).
    func baseFiles() throws -> [String: Data] {
        var files = try exampleFiles()
        var lxcFile = try object(files["config/phoenix_lxc_configs.json"])
        var lxcConfigs = lxcFile["lxc_configs"] as? [String: Any] ?? [:]
        let syntheticLXCs = max(0, lxcs - lxcConfigs.count)
        for index in 0..<syntheticLXCs { lxcConfigs[String(10_000 + index)] = lxc(index) }
        lxcFile["lxc_configs"] = lxcConfigs
        files["config/phoenix_lxc_configs.json"] = try json(lxcFile)

        var vmFile = try object(files["config/phoenix_vm_configs.json"])
        var vmList = vmFile["vms"] as? [[String: Any]] ?? []
        let exampleVMs = vmList.count
        let syntheticVMs = max(0, vms - exampleVMs)
        let exampleStacks = Set(files.keys.filter { $0.hasPrefix("stacks/") }.compactMap { $0.split(separator: "/").dropFirst().first })
        let syntheticStacks = max(0, stacks - exampleStacks.count)
        for index in 0..<syntheticVMs {
            let deployed = stride(from: index, to: syntheticStacks, by: max(1, syntheticVMs)).map(stackName)
            vmList.append(vm(index, stacks: deployed))
        }
        vmFile["vms"] = vmList
        files["config/phoenix_vm_configs.json"] = try json(vmFile)

        var stacksFile = try object(files["config/phoenix_stacks_config.json"])
        var definitions = stacksFile["docker_stacks"] as? [String: Any] ?? [:]
        for index in 0..<syntheticStacks {
            let name = stackName(index)
            files["stacks/\(name)/docker-compose.yml"] = Data(compose(name).utf8)
            files["stacks/\(name)/phoenix.json"] = try json(manifest(name))
            definitions[name] = [
                "description": "synthetic stack \(index)",
                "environments": ["production": ["variables": [["name": "IMAGE_TAG", "value": "1.\(index % 10)"]]]],
            ]
        }
        stacksFile["docker_stacks"] = definitions
        files["config/phoenix_stacks_config.json"] = try json(stacksFile)
        return files
    }

    /// The files the second commit changes: one synthetic LXC moves to another address.
    func changedFiles(from base: [String: Data]) throws -> [String: Data] {
        var lxcFile = try object(base["config/phoenix_lxc_configs.json"])
        var configs = lxcFile["lxc_configs"] as? [String: Any] ?? [:]
        let id = String(changedLXC)
        guard var guest = configs[id] as? [String: Any], var network = guest["network_config"] as? [String: Any] else {
            throw BenchError("no synthetic LXC \(id) to change (use at least 7 LXCs)")
        }
        network["ip"] = "10.23.255.1/16"
        guest["network_config"] = network
        configs[id] = guest
        lxcFile["lxc_configs"] = configs
        return ["config/phoenix_lxc_configs.json": try json(lxcFile)]
    }

    // MARK: Pieces

    private func lxc(_ index: Int) -> [String: Any] {
        let id = 10_000 + index
        var guest: [String: Any] = [
            "name": "ct-\(id)",
            "memory_mb": 512 + (index % 4) * 512,
            "cores": 1 + index % 2,
            "storage_pool": "quickOS-lxc-disks",
            "storage_size_gb": 8,
            "unprivileged": true,
            "network_config": [
                "name": "eth0", "bridge": "vmbr0", "ip": "10.21.\(index / 250).\(index % 250 + 2)/16", "gw": "10.21.0.1",
            ],
            "firewall": [
                "enabled": index % 2 == 0,
                "rules": [
                    ["type": "in", "action": "ACCEPT", "proto": "tcp", "source": "10.20.0.20", "port": "8080", "comment": "from traefik"]
                ],
            ],
        ]
        if index % 2 == 0 { guest["traefik_service"] = ["name": "svc-\(id)", "port": 8080, "scheme": "http"] }
        return guest
    }

    private func vm(_ index: Int, stacks: [String]) -> [String: Any] {
        let vmid = 20_000 + index
        return [
            "vmid": vmid,
            "name": "worker-\(vmid)",
            "cores": 2,
            "memory_mb": 4096,
            "swarm_role": "worker",
            "node_labels": ["zone=\(["a", "b", "c"][index % 3])", "rack=r\(index % 40)"],
            "network_config": ["ip": "10.22.\(index / 250).\(index % 250 + 2)/16", "gw": "10.22.0.1"],
            "docker_stacks": stacks,
            "firewall": [
                "enabled": true,
                "rules": [["type": "in", "action": "ACCEPT", "proto": "tcp", "source": "10.20.0.0/24", "port": "7946", "comment": "gossip"]],
            ],
        ]
    }

    private func stackName(_ index: Int) -> String { String(format: "app%04d", index) }

    private func compose(_ name: String) -> String {
        """
        version: "3.8"
        services:
          web:
            image: nginx:${IMAGE_TAG}
            networks:
              - traefik-public
            deploy:
              replicas: 1
              labels: []
        networks:
          traefik-public:
            external: true

        """
    }

    private func manifest(_ name: String) -> [String: Any] {
        [
            "description": "synthetic stack \(name)",
            "environments": [
                "production": [
                    "services": [
                        "web": [
                            "traefik_labels": [
                                "traefik.enable=true",
                                "traefik.http.routers.\(name).rule=Host(`\(name).lab.phoenix.test`)",
                                "traefik.http.services.\(name).loadbalancer.server.port=80",
                            ]
                        ]
                    ]
                ]
            ],
        ]
    }

    // MARK: Files

    private func exampleFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = ExampleConfiguration.root
        for folder in ["config", "stacks"] {
            let base = root.appendingPathComponent(folder)
            guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else {
                throw BenchError("cannot read the bundled example \(base.path)")
            }
            while let url = enumerator.nextObject() as? URL {
                guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true, url.lastPathComponent != ".keep"
                else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count))
                    .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                files[relative] = try Data(contentsOf: url)
            }
        }
        return files
    }

    private func object(_ data: Data?) throws -> [String: Any] {
        guard let data, let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BenchError("an example config file is missing or not a JSON object")
        }
        return object
    }

    private func json(_ object: [String: Any]) throws -> Data {
        var data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }
}

/// A benchmark that cannot go on.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
