import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixStages

/// A stage for engine tests: renders one or two text files from the snapshot and applies them with
/// the shared `ArtifactSync`, then "reloads" through the driver (journalled by the local driver).
/// Faults come from a ``FaultSwitch``; an optional ``Gate`` holds the apply in the middle.
struct ApplyingTestStage: Stage {
    let id: StageID
    let summary = "test stage"
    let dependencies: [StageID]
    let inputs: [InputRule]
    let faults: FaultSwitch
    let gate: Gate?
    let renderFiles: @Sendable (ConfigSnapshot) -> [String: String]

    /// Test stages may touch any path (below symlink-free folders).
    func roots(_ settings: StageSettings) -> PathRoots { PathRoots(host: ["/"], guests: ["/"]) }

    func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        let artifacts = renderFiles(snapshot).sorted { $0.key < $1.key }.map { path, text in
            Artifact(stage: id, location: .host, path: path, text: text)
        }
        return Render(stage: id, artifacts: artifacts)
    }

    func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        faults.recordApply(id)
        if faults.shouldFail(id), let first = render.artifacts.first {
            // Fail midway: one file is written, then the "reload" fails.
            try await context.driver.writeFile(first.path, contents: first.contents, at: first.location)
            throw StageError.failed(id, "reload of \(id) failed: exit status 1 (password=hunter2)")
        }
        if let gate { await gate.wait() }
        var report = try await ArtifactSync.sync(render, context: context)
        if report.changedAnything {
            try await context.driver.runChecked(["systemctl", "reload", "phoenix-\(id.rawValue)"], at: .host)
            report.actions.append(["systemctl", "reload", "phoenix-\(id.rawValue)"])
        }
        return report
    }
}

/// The catalogue of the engine tests: `names` (LXC names), `gateway` (depends on names; domain),
/// `vms` (VM addresses), `stacks` (stack files).
enum TestCatalogue {
    static func make(faults: FaultSwitch, gate: Gate? = nil, gatedStage: StageID = "names") -> StageCatalogue {
        StageCatalogue([
            ApplyingTestStage(
                id: "names", dependencies: [], inputs: [.json(.lxc, "/lxc_configs/*/name", "guest names")],
                faults: faults, gate: gatedStage == "names" ? gate : nil,
                renderFiles: { snapshot in
                    ["/etc/phoenix-test/names.conf": snapshot.lxcs.map { "\($0.id) \($0.name ?? "")" }.joined(separator: "\n") + "\n"]
                }),
            ApplyingTestStage(
                id: "gateway", dependencies: ["names"],
                inputs: [.json(.hypervisor, "/domain_name", "the gateway's domain"), .json(.lxc, "/lxc_configs/*/name", "upstreams")],
                faults: faults, gate: gatedStage == "gateway" ? gate : nil,
                renderFiles: { snapshot in
                    let domain = snapshot.hypervisor.domainName ?? "none"
                    return ["/etc/phoenix-test/gateway.conf": "server_name \(domain);\n" + snapshot.lxcs.map { "upstream \($0.name ?? "");\n" }.joined()]
                }),
            ApplyingTestStage(
                id: "vms", dependencies: [], inputs: [.json(.vm, "/vms/**", "VM addresses")],
                faults: faults, gate: gatedStage == "vms" ? gate : nil,
                renderFiles: { snapshot in
                    ["/etc/phoenix-test/vms.conf": snapshot.vms.map { "\($0.vmid) \($0.networkConfig?.ip ?? "dhcp")" }.joined(separator: "\n") + "\n"]
                }),
            ApplyingTestStage(
                id: "stacks", dependencies: [], inputs: [.stackPath("**", "stack files")],
                faults: faults, gate: gatedStage == "stacks" ? gate : nil,
                renderFiles: { snapshot in
                    var files: [String: String] = [:]
                    for stack in snapshot.stacks {
                        files["/srv/stacks/\(stack.name).txt"] = stack.files.map(\.relativePath).sorted().joined(separator: "\n") + "\n"
                    }
                    return files
                }),
        ])
    }
}
