import Foundation
import PhoenixCore
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages
import PhoenixTesting
import Testing

/// Issue #19 item 4: the real platform grown one commit at a time, from a hypervisor config alone to
/// the layout that runs today, planned pair by pair with the recall guard (no stage whose rendered
/// output changed is left unplanned), and no error except where the data contradicts itself.
@Suite struct PlatformGrowthTests {
    static let corpus = ExampleRepository.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/corpus/phoenix-real-2025-11-25/config")
    static let october = ExampleRepository.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/corpus/phoenix-real-2025-10-15/persistent-storage")

    /// A scratch repository with helpers (no example inside).
    final class Growth {
        let scratch: ScratchDirectory
        let git: GitCLI
        var root: URL { git.directory }

        init() throws {
            GitTestEnvironment.prepare()
            scratch = try ScratchDirectory(prefix: "phoenix-growth")
            git = try GitCLI.initRepository(at: scratch.path("config-repo"))
        }

        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func write(_ path: String, json: JSONValue) throws { try write(path, PrettyJSON.text(json)) }

        func commit(_ message: String) throws -> ObjectID {
            try git.run("add", "-A")
            try git.run("commit", "-q", "--allow-empty", "-m", message)
            guard let id = ObjectID(hex: try git.revParse("HEAD")) else { throw FixtureError("no HEAD") }
            return id
        }
    }

    static func corpusJSON(_ name: String) throws -> JSONValue {
        try JSONValue.parse(String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8))
    }

    @Test func aPlatformGrowsFromAHypervisorConfigAloneWithFullRecall() throws {
        let repo = try Growth()
        let hypervisor = try Self.corpusJSON("phoenix_hypervisor_config.json")
        let lxcFile = try Self.corpusJSON("phoenix_lxc_configs.json")
        let vmFile = try Self.corpusJSON("phoenix_vm_configs.json")
        let manifest = try Self.corpusJSON("certificate-manifest.json")
        let allLXCs = try #require(lxcFile["lxc_configs"]?.objectValue)
        let roleIDs: Set<String> = ["101", "102", "103"]
        // Dependencies name guests that come later (Step-CA, VM 1002): they are declared once those exist.
        func lxcs(_ ids: Set<String>, gateway: JSONValue? = nil, dependencies: Bool = true) -> JSONValue {
            var result = JSONValue(.object(JSONObject()))
            for member in allLXCs.members where ids.contains(member.key) || !roleIDs.contains(member.key) {
                var value = member.key == "101" ? gateway ?? member.value : member.value
                if !dependencies { value = value.setting(["dependencies"], to: nil) }
                result = result.setting([member.key], to: value)
            }
            return lxcFile.setting(["lxc_configs"], to: result)
        }
        // The gateway as first built: one NIC with a fixed mesh address.
        let gatewayOneNIC = try #require(allLXCs["101"])
            .setting(["network_config"], to: try JSONValue.parse(#"{"name": "eth0", "bridge": "vmbr100", "ip": "172.16.100.10/24", "gw": "172.16.100.1"}"#))
            .setting(["secondary_network_config"], to: nil)
        func vms(swarm: Bool, stacks: Bool) throws -> JSONValue {
            var result = vmFile
            let count = vmFile["vms"]?.arrayValue?.count ?? 0
            for index in 0..<count {
                if !swarm { result = result.setting(["vms", String(index), "swarm_role"], to: nil) }
                if !stacks {
                    result = result.setting(["vms", String(index), "docker_stacks"], to: nil)
                        .setting(["vms", String(index), "portainer_role"], to: nil)
                }
            }
            return result
        }
        let qdrantCompose = try String(contentsOf: Self.october.appendingPathComponent("qdrant/docker-compose.yml"), encoding: .utf8)
        let portainerCompose = try String(
            contentsOf: Self.october.appendingPathComponent("portainer/docker-compose.yml"), encoding: .utf8)
        func stacksConfig(byPath: Bool) throws -> JSONValue {
            var config = try Self.corpusJSON("phoenix_stacks_config.json").setting(["docker_stacks", "thinkheads_ai_app"], to: nil)
            for (name, folder) in [("qdrant_service", "qdrant"), ("portainer_service", "portainer")] {
                config = config.setting(
                    ["docker_stacks", name, "compose_file_path"],
                    to: byPath ? JSONValue(.string("persistent-storage/\(folder)/docker-compose.yml")) : nil)
            }
            return config
        }

        var commits: [(name: String, id: ObjectID)] = []
        func step(_ name: String, _ edit: () throws -> Void) throws {
            try edit()
            commits.append((name, try repo.commit(name)))
        }
        let hypervisorPath = "config/phoenix_hypervisor_config.json"
        let lxcPath = "config/phoenix_lxc_configs.json"
        let vmPath = "config/phoenix_vm_configs.json"
        try step("hypervisor config alone") { try repo.write(hypervisorPath, json: hypervisor) }
        try step("first LXCs") { try repo.write(lxcPath, json: lxcs([], dependencies: false)) }
        try step("Step-CA") { try repo.write(lxcPath, json: lxcs(["103"], dependencies: false)) }
        try step("Traefik") { try repo.write(lxcPath, json: lxcs(["103", "102"], dependencies: false)) }
        try step("gateway") {
            try repo.write(lxcPath, json: lxcs(["103", "102", "101"], gateway: gatewayOneNIC, dependencies: false))
        }
        try step("VMs") { try repo.write(vmPath, json: try vms(swarm: false, stacks: false)) }
        try step("dependencies") { try repo.write(lxcPath, json: lxcs(["103", "102", "101"], gateway: gatewayOneNIC)) }
        try step("certificates") { try repo.write("config/certificate-manifest.json", json: manifest) }
        try step("swarm roles") { try repo.write(vmPath, json: try vms(swarm: true, stacks: false)) }
        try step("stacks by compose_file_path") {
            try repo.write("persistent-storage/qdrant/docker-compose.yml", qdrantCompose)
            try repo.write("persistent-storage/portainer/docker-compose.yml", portainerCompose)
            try repo.write("persistent-storage/portainer/config.json", "{\"settings\": {}}\n")
            try repo.write("config/phoenix_stacks_config.json", json: try stacksConfig(byPath: true))
            try repo.write(vmPath, json: try vms(swarm: true, stacks: true))
        }
        try step("edit the qdrant compose file") {
            try repo.write("persistent-storage/qdrant/docker-compose.yml", qdrantCompose.replacingOccurrences(of: "qdrant/qdrant:latest", with: "qdrant/qdrant:v1.12.0"))
        }
        try step("stacks moved to stacks/ folders") {
            try FileManager.default.createDirectory(at: repo.root.appendingPathComponent("stacks"), withIntermediateDirectories: true)
            try repo.git.run("mv", "persistent-storage/qdrant", "stacks/qdrant_service")
            try repo.git.run("mv", "persistent-storage/portainer", "stacks/portainer_service")
            try repo.write("config/phoenix_stacks_config.json", json: try stacksConfig(byPath: false))
        }
        try step("gateway on DHCP plus a second NIC") { try repo.write(lxcPath, json: lxcs(["103", "102", "101"])) }

        let repository = try Repository.open(at: repo.root)
        let planner = Planner(catalogue: .standard, settings: StageSettings())
        var changed = 0
        for (parent, child) in zip(commits, commits.dropFirst()) {
            let outcome = try RecallGuard.check(repository, planner: planner, parent: parent.id, child: child.id)
            #expect(outcome.missed.isEmpty, "\(child.name): changed but not planned: \(outcome.missed.sorted()) — \(outcome)")
            #expect(outcome.needless.isEmpty, "\(child.name): ran with identical output: \(outcome.needless.sorted())")
            changed += outcome.changed.count
            print("growth \(child.name): \(outcome)")
        }
        print("growth summary: \(commits.count - 1) pairs, \(changed) changed stage renders, all planned")

        // A contradiction in the data stays an error: one address on two guests.
        let contradiction = lxcs(["103", "102", "101"]).setting(["lxc_configs", "900", "network_config", "ip"], to: JSONValue(.string("172.16.100.10/24")))
        try repo.write(lxcPath, json: contradiction)
        let broken = try repo.commit("one address on two guests")
        #expect {
            _ = try planner.plan(repository: repository, target: broken, bases: PlanBases(fallback: try #require(commits.last?.id)))
        } throws: { error in
            guard case PlanError.invalidConfiguration(_, let diagnostics) = error else { return false }
            return diagnostics.contains { $0.code == .duplicateIP && $0.pointer?.description == "/lxc_configs/101/secondary_network_config/ip" }
        }

        // A stage whose guest does not exist yet is not applicable, not failed; it runs when the guest appears.
        let ids = Dictionary(commits.map { ($0.name, $0.id) }, uniquingKeysWith: { $1 })
        let first = try planner.plan(repository: repository, target: try #require(ids["first LXCs"]), bases: PlanBases(fallback: nil))
        #expect(first.stage(.traefik)?.decision == .notApplicable)
        #expect(first.stage(.nginxGateway)?.decision == .notApplicable)
        #expect(first.stage(.swarm)?.decision == .notApplicable)
        let vmsOnly = try planner.plan(repository: repository, target: try #require(ids["VMs"]), bases: PlanBases(fallback: nil))
        #expect(vmsOnly.stage(.swarm)?.decision == .notApplicable)
        #expect(vmsOnly.stage(.stackDeploy)?.decision == .notApplicable, "it depends on swarm")
        #expect(vmsOnly.stage(.stackDeploy)?.notApplicableReason?.contains("swarm") == true)
        let traefik = try planner.plan(
            repository: repository, target: try #require(ids["Traefik"]), bases: PlanBases(fallback: try Self.commit(ids["Step-CA"])))
        #expect(traefik.stage(.traefik)?.decision == .run)

        // Editing a compose file named by compose_file_path plans that stack's stages only.
        let edit = try planner.plan(
            repository: repository, target: try #require(ids["edit the qdrant compose file"]),
            bases: PlanBases(fallback: try Self.commit(ids["stacks by compose_file_path"])))
        #expect(Set(edit.stagesToRun.map(\.id)) == [.stackFiles, .stackDeploy], "\(edit.stagesToRun.map(\.id))")
        #expect(edit.changes.changedStacks == ["qdrant_service"])
        let deployed = edit.stage(.stackDeploy)?.artifacts.map(\.key.path) ?? []
        #expect(deployed.allSatisfy { $0.contains("qdrant_service") }, "\(deployed)")

        // The gateway's address stays its mesh address when it moves to DHCP plus a second NIC.
        let moved = try planner.plan(
            repository: repository, target: try #require(ids["gateway on DHCP plus a second NIC"]),
            bases: PlanBases(fallback: try Self.commit(ids["stacks moved to stacks/ folders"])))
        #expect(moved.notices.contains { $0.kind == .needsConverge && $0.guest == 101 }, "\(moved.notices.map(\.message))")
    }

    /// Deleting a file the base had is refused with what it would remove; a contradiction is an error.
    @Test func deletingAConfigFileIsRefusedAndEmptyingItIsNot() throws {
        let repo = try Growth()
        try repo.write("config/phoenix_hypervisor_config.json", json: try Self.corpusJSON("phoenix_hypervisor_config.json"))
        try repo.write("config/phoenix_vm_configs.json", json: try Self.corpusJSON("phoenix_vm_configs.json"))
        let withVMs = try repo.commit("VMs")
        try FileManager.default.removeItem(at: repo.root.appendingPathComponent("config/phoenix_vm_configs.json"))
        let deleted = try repo.commit("delete the VM file")
        let repository = try Repository.open(at: repo.root)
        let planner = Planner(catalogue: .standard, settings: StageSettings())
        #expect {
            _ = try planner.plan(repository: repository, target: deleted, bases: PlanBases(fallback: withVMs))
        } throws: { error in
            guard case PlanError.invalidConfiguration(_, let diagnostics) = error else { return false }
            return diagnostics.contains {
                $0.code == .fileDeleted && $0.message.contains("would remove 3 VMs and their firewall files")
                    && $0.message.contains("\"vms\": []")
            }
        }
        try repo.write("config/phoenix_vm_configs.json", "{\"vms\": []}\n")
        let emptied = try repo.commit("no VMs")
        try FileManager.default.removeItem(at: repo.root.appendingPathComponent("config/phoenix_vm_configs.json"))
        let removed = try repo.commit("delete the empty VM file")
        _ = try planner.plan(repository: repository, target: removed, bases: PlanBases(fallback: emptied))
    }

    /// A commit by name, or the test fails (a plain `#require` inside an optional argument is flagged
    /// as redundant by the compiler).
    static func commit<ID>(_ id: ID?) throws -> ID {
        try #require(id)
    }

}
