import PhoenixCore
import PhoenixDrivers

/// Portainer: the server stack and the agents.
///
/// - Server: the VM with `portainer_role: primary` (exactly one) names the server; its stack is
///   `settings.portainerServerStack` (`portainer_service` by convention). It is rendered like any stack
///   (`ComposeRenderer`) to `<stacksShare>/<stack>/docker-compose.<env>.yml` and deployed through the
///   swarm manager as `<env>_<stack>` only when the rendered output changed or the swarm does not list
///   it. `stack-deploy` skips this stack, so it is deployed once per change, not twice per sync.
/// - Agents: on each VM with `portainer_role: agent`, the container `settings.portainerAgentContainer`
///   from `docker.portainer_agent_image`, publishing `network.portainer_agent_port` (default 9001) to
///   the agent's 9001, hostname `portainer_agent_hostname`, restart always, Docker socket and volumes
///   mounted. Recreated only when that spec changed (digest label compared through `docker inspect`).
///
/// On a driver that does not observe guests (the local driver), nothing is probed: the server stack
/// is deployed when its intent is new or changed since the last apply, an agent is run when its spec
/// is new and recreated when its spec digest changed.
///
/// Not reconciled (see docs/stages/portainer.md): agent TLS material (the original mounted `/certs`
/// and set `AGENT_TLS*`), Portainer endpoints and users (the original's API calls), the reset of the
/// server's data volume, `docker.portainer_server_image` (the image comes from the compose file).
public struct PortainerStage: Stage {
    /// Creates the stage.
    public init() {}

    public var id: StageID { .portainer }

    public var summary: String { "Portainer server stack (on change) and agent containers (on spec change)" }

    /// The server stack needs the swarm (manager, overlay network, admin secret); agents need nothing
    /// else, but one stage cannot be half-skipped, so the whole stage waits for the swarm.
    public var dependencies: [StageID] { [.swarm] }

    /// The rendered compose file of the Portainer server stack, on the stacks share.
    public func roots(_ settings: StageSettings) -> PathRoots {
        PathRoots(host: [settings.stacksShare])
    }

    public var inputs: [InputRule] {
        [
            .json(.vm, "/vms/*/vmid", "agents run on their VM; the server deploys through the manager"),
            .json(.vm, "/vms/*/is_template", "templates run nothing"),
            .json(.vm, "/vms/*/portainer_role", "primary (server) and agent VMs"),
            .json(.vm, "/vms/*/portainer_agent_hostname", "the agent container's hostname"),
            .json(.vm, "/vms/*/swarm_role", "the manager runs the server's stack deploy"),
            .json(.vm, "/vms/*/docker_stacks/**", "listing the server stack without a primary is reported"),
            .json(.hypervisor, "/docker/portainer_agent_image", "the agent image"),
            .json(.hypervisor, "/network/portainer_agent_port", "the agent's published port"),
            .json(.stacksConfig, "/docker_stacks/*/environments/*/variables/**", "variables of the server stack"),
            .json(.stacksConfig, "/docker_stacks/*/environments/*/services/**", "Traefik labels of the server stack"),
            .stackPath("*/**", "the server stack's folder (its name is a setting)"),
        ]
    }

    public func render(_ snapshot: ConfigSnapshot, settings: StageSettings) -> Render {
        var artifacts: [Artifact] = []
        var diagnostics: [Diagnostic] = []
        let primaries = snapshot.vms.filter { !$0.isTemplate && $0.portainerRole?.lowercased() == "primary" }
        if primaries.count > 1 {
            diagnostics += primaries.map {
                OriginDiagnostic.error(
                    .invalidPortainerRole, $0.origin.appending("portainer_role"),
                    "VMs \(primaries.map { String($0.vmid) }.joined(separator: ", ")) all have portainer_role \"primary\"; exactly one runs the server")
            }
        } else if let primary = primaries.first {
            let topology = SwarmTopology(snapshot)
            let origin = primary.origin.appending("portainer_role")
            let (manager, findings) = topology.manager(for: "deploy the Portainer server", at: origin)
            diagnostics += topology.diagnostics + findings
            if let manager {
                let server = StackDeployRenderer.render(
                    [(settings.portainerServerStack, origin)], manager: manager, snapshot: snapshot, settings: settings,
                    stage: id, stateName: { _ in "portainer/server" })
                artifacts += server.artifacts
                diagnostics += server.diagnostics
            }
        } else if let lister = snapshot.vms.first(where: { $0.dockerStacks.contains(settings.portainerServerStack) }) {
            diagnostics.append(
                OriginDiagnostic.warning(
                    .invalidPortainerRole, lister.origin.appending("docker_stacks"),
                    "VM \(lister.vmid) lists \(settings.portainerServerStack), but no VM has portainer_role \"primary\"; "
                        + "the Portainer server is not deployed"))
        }
        let (agents, agentFindings) = PortainerPlan.agents(snapshot, settings: settings)
        diagnostics += agentFindings
        artifacts += agents.map {
            DesiredStateCoding.artifact($0, stage: id, location: .vm($0.vmid), name: "portainer/agent")
        }
        return Render(stage: id, artifacts: artifacts, diagnostics: diagnostics)
    }

    /// Whether the server stack is deployed and each agent container runs from its rendered spec.
    public func observe(_ render: Render, context: StageContext) async throws -> [DriftItem] {
        guard !render.hasErrors else { return [] }
        let states = render.artifacts.filter { $0.kind == .desiredState }
        let server = try states.filter { $0.path == "portainer/server" }.map {
            try DesiredStateCoding.decode(StackDeployment.self, from: $0)
        }
        var items = await StackObserver(context: context).observe(server)
        for artifact in states where artifact.path == "portainer/agent" {
            let spec = try DesiredStateCoding.decode(PortainerAgentSpec.self, from: artifact)
            items += await PortainerAgentObserver(context: context).observe(spec, digest: artifact.digest)
        }
        return items
    }

    public func apply(_ render: Render, context: StageContext) async throws -> ApplyReport {
        guard !render.hasErrors else { throw StageError.renderFailed(id, render.diagnostics) }
        let states = render.artifacts.filter { $0.kind == .desiredState }
        let server = try states.filter { $0.path == "portainer/server" }.map {
            (try DesiredStateCoding.decode(StackDeployment.self, from: $0), $0)
        }
        var report = try await StackDeployer(context: context, stage: id).apply(render, deployments: server)
        let reconciler = PortainerAgentReconciler(context: context, stage: id)
        for artifact in states where artifact.path == "portainer/agent" {
            let spec = try DesiredStateCoding.decode(PortainerAgentSpec.self, from: artifact)
            let previous = context.previous.first { $0.key == artifact.key }?.digest
            report.merge(try await reconciler.reconcile(spec, digest: artifact.digest, previousDigest: previous))
        }
        let agentVMs = Set(states.filter { $0.path == "portainer/agent" }.map(\.location))
        for key in context.previous.map(\.key) where key.path == "portainer/agent" && !agentVMs.contains(key.location) {
            report.notes.append("\(key.location) no longer has portainer_role agent; its agent container is left as it is")
        }
        return report
    }
}
