import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixStages

/// A small stage for planner tests: given inputs and a render closure; apply does nothing.
struct TestStage: Stage {
    var id: StageID
    var summary: String { "test stage \(id)" }
    var dependencies: [StageID] = []
    var inputs: [InputRule]
    var renderer: @Sendable (ConfigSnapshot) -> [Artifact]

    func roots(_ settings: StageSettings) -> PathRoots { PathRoots(host: ["/"], guests: ["/"]) }

    func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        Render(stage: id, artifacts: renderer(snapshot))
    }

    func apply(_ render: Render, context: StageContext) async throws -> ApplyReport { ApplyReport() }

    /// `names`: one file listing the LXC names, sorted (reads `/lxc_configs/*/name`).
    static let names = TestStage(
        id: "names", inputs: [.json(.lxc, "/lxc_configs/*/name", "names are listed")]
    ) { snapshot in
        [Artifact(stage: "names", location: .host, path: "/etc/names", text: snapshot.lxcs.map(\.name).compactMap { $0 }.sorted().joined(separator: "\n"))]
    }

    /// `domain`: one file with the domain (reads `/domain_name`), depends on `names`.
    static let domain = TestStage(
        id: "domain", dependencies: ["names"], inputs: [.json(.hypervisor, "/domain_name", "the domain is written")]
    ) { snapshot in
        [Artifact(stage: "domain", location: .lxc(101), path: "/etc/domain", text: snapshot.hypervisor.domainName ?? "")]
    }

    /// `coarse`: reads every LXC key but renders only the number of guests, so most of its selections
    /// end as identical output.
    static let coarse = TestStage(id: "coarse", inputs: [.json(.lxc, "/lxc_configs/**", "counts guests")]) { snapshot in
        [Artifact(stage: "coarse", location: .host, path: "/etc/count", text: "\(snapshot.lxcs.count)\n")]
    }

    /// `stackfiles`: one desired-state artifact per stack file (reads `*/**` under the stacks folder).
    static let stackfiles = TestStage(id: "stackfiles", inputs: [.stackPath("*/**", "stack files are listed")]) { snapshot in
        snapshot.stacks.flatMap { stack in
            stack.files.map {
                Artifact(stage: "stackfiles", location: .host, path: "stacks/\(stack.name)/\($0.relativePath)", contents: $0.bytes, kind: .desiredState)
            }
        }
    }

    static let catalogue = StageCatalogue([domain, names, coarse, stackfiles])
}

/// A minimal valid configuration as repository files.
enum MiniConfig {
    static func files(names: [Int: String] = [101: "gw", 102: "web"], domain: String = "lab.test", cores: Int = 1) -> [String: String?] {
        let guests = names.sorted { $0.key < $1.key }.enumerated().map { index, guest in
            """
                    "\(guest.key)": {
                        "name": "\(guest.value)",
                        "cores": \(cores),
                        "network_config": {"ip": "10.0.0.\(index + 10)/24"}
                    }
            """
        }.joined(separator: ",\n")
        return [
            "config/phoenix_hypervisor_config.json": "{\n    \"domain_name\": \"\(domain)\"\n}\n",
            "config/phoenix_lxc_configs.json": "{\n    \"lxc_configs\": {\n\(guests)\n    }\n}\n",
            "config/phoenix_vm_configs.json": "{\n    \"vms\": []\n}\n",
            "config/certificate-manifest.json": "[]\n",
            "stacks/app/docker-compose.yml": "services:\n  app:\n    image: nginx\n",
        ]
    }
}
